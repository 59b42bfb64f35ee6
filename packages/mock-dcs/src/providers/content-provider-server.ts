import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { providerHomePage } from './provider-home-page';

export interface ContentProviderOptions {
  /** The DCS the sync redirects back to, e.g. `http://dcs.localhost:4100`. */
  dcsUrl: string;
  /** The data source ID the DCS knows this provider by. */
  dpid: number;
  /** Segments the provider holds for each of its users. Default: `["golf_fan"]` for everyone. */
  segmentsFor?: (providerUserId: string) => string[];
  /** Added latency on /segments, in ms (change at runtime with `setDelay`). */
  delayMs?: number;
  /** Port to listen on (default 0: a free one). */
  port?: number;
}

/** A real-time call the provider received. */
export interface ReceivedCall {
  /** Path and query, e.g. `/segments?uid=cp-1&us_privacy=1YNN`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface ContentProvider {
  readonly url: string;
  readonly port: number;
  /** How many /segments calls it was asked. */
  readonly calls: number;
  /** How many ID syncs (`/sync`) browsers fired at it. */
  readonly syncs: number;
  /** The last /segments calls (at most 50), oldest first. */
  readonly received: readonly ReceivedCall[];
  setDelay(ms: number): void;
  close(): Promise<void>;
}

const MAX_RECEIVED = 50;

/**
 * A third-party content provider for demos and tests.
 * - `GET /`: a page saying what it is, what it received, and how to check it.
 * - `GET /sync?uuid=<DCS uuid>`: the ID sync the DCS asks the frame to fire (`ibs`). The
 *   provider gives the visitor its own user ID and redirects to the DCS
 *   `/ibs:dpid=…&dpuuid=…`, so the DCS stores the synced partner ID. The ID is derived from
 *   the DCS uuid (`cp-` and 16 hex digits), so the provider keeps nothing per visitor: a
 *   long soak of new visitors cannot grow it, and a restarted provider still knows them.
 * - `GET /segments?uid=<provider user ID>`: called by the DCS during `/event`; answers
 *   `{ "segments": [...] }` after the configured delay.
 */
export async function startContentProvider(options: ContentProviderOptions): Promise<ContentProvider> {
  let delayMs = options.delayMs ?? 0;
  // Answers waiting out `delayMs`: close() clears them.
  const delayed = new Set<ReturnType<typeof setTimeout>>();
  let calls = 0;
  let syncs = 0;
  /** The last user ID given (one string, not a record per visitor). */
  let lastSyncedId: string | undefined;
  const received: ReceivedCall[] = [];
  const segmentsFor = options.segmentsFor ?? (() => ['golf_fan']);
  let port = 0;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://provider.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET', 'Content-Type': 'text/plain; charset=utf-8' }).end('GET only\n');
      return;
    }
    if (url.pathname === '/') {
      const sampleUid = lastSyncedId ?? providerUserId('0'.repeat(38));
      const page = providerHomePage({ dcsUrl: options.dcsUrl, dpid: options.dpid, port, calls, syncs, recentPaths: received.map((call) => call.path), sampleUid });
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'", 'Cache-Control': 'no-store' }).end(page);
      return;
    }
    if (url.pathname === '/sync') {
      syncs++;
      const id = providerUserId(url.searchParams.get('uuid') ?? '');
      lastSyncedId = id;
      res.writeHead(302, { Location: `${options.dcsUrl}/ibs:dpid=${options.dpid}&dpuuid=${encodeURIComponent(id)}` }).end();
      return;
    }
    if (url.pathname === '/segments') {
      calls++;
      received.push({ path: req.url ?? '/', headers: { ...req.headers } });
      if (received.length > MAX_RECEIVED) received.shift();
      const uid = url.searchParams.get('uid') ?? '';
      const answer = (): void => {
        if (!res.destroyed) res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ segments: segmentsFor(uid) }));
      };
      if (delayMs > 0) {
        const timer = setTimeout(() => {
          delayed.delete(timer);
          answer();
        }, delayMs);
        delayed.add(timer);
      } else answer();
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found. This is a demo content provider: its endpoints are listed at /\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get calls() {
      return calls;
    },
    get syncs() {
      return syncs;
    },
    get received() {
      return received;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    close: () =>
      new Promise((resolve) => {
        // A delayed answer's timer would otherwise keep the caller's process alive; its connection closes below.
        for (const timer of delayed) clearTimeout(timer);
        delayed.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The provider's user ID for a DCS uuid: the same uuid always gets the same ID. */
function providerUserId(dcsUuid: string): string {
  return `cp-${createHash('sha256').update(`demo-provider|${dcsUuid}`).digest('hex').slice(0, 16)}`;
}
