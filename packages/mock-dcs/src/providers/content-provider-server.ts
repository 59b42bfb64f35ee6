import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ContentProviderOptions {
  /** The DCS the sync redirects back to, e.g. `http://dcs.localhost:4100`. */
  dcsUrl: string;
  /** The data source ID the DCS knows this provider by. */
  dpid: number;
  /** Segments the provider holds for each of its users. Default: `["golf_fan"]` for everyone. */
  segmentsFor?: (providerUserId: string) => string[];
  /** Added latency on /segments, in ms (change at runtime with `setDelay`). */
  delayMs?: number;
  port?: number;
}

export interface ContentProvider {
  readonly url: string;
  readonly port: number;
  /** How many /segments calls it was asked. */
  readonly calls: number;
  /** How many ID syncs (`/sync`) browsers fired at it. */
  readonly syncs: number;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

/**
 * A third-party content provider for demos and tests.
 * - `GET /sync?uuid=<DCS uuid>`: the ID sync the DCS asks the frame to fire (`ibs`). The
 *   provider assigns its own user ID and redirects to the DCS `/ibs:dpid=…&dpuuid=…`, so
 *   the DCS stores the synced partner ID.
 * - `GET /segments?uid=<provider user ID>`: called by the DCS during `/event`; answers
 *   `{ "segments": [...] }` after the configured delay.
 */
export async function startContentProvider(options: ContentProviderOptions): Promise<ContentProvider> {
  let delayMs = options.delayMs ?? 0;
  let calls = 0;
  let syncs = 0;
  const idsByDcsUuid = new Map<string, string>();
  const segmentsFor = options.segmentsFor ?? (() => ['golf_fan']);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://provider.invalid');
    if (url.pathname === '/sync') {
      syncs++;
      const dcsUuid = url.searchParams.get('uuid') ?? '';
      let id = idsByDcsUuid.get(dcsUuid);
      if (!id) {
        id = `cp-${idsByDcsUuid.size + 1}`;
        idsByDcsUuid.set(dcsUuid, id);
      }
      res.writeHead(302, { Location: `${options.dcsUrl}/ibs:dpid=${options.dpid}&dpuuid=${encodeURIComponent(id)}` }).end();
      return;
    }
    if (url.pathname === '/segments') {
      calls++;
      const uid = url.searchParams.get('uid') ?? '';
      const answer = (): void => {
        if (!res.destroyed) res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ segments: segmentsFor(uid) }));
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get calls() {
      return calls;
    },
    get syncs() {
      return syncs;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
