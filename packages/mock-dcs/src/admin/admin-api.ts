import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError, type MockDcsConfig } from '../config';
import { profileView } from '../profiles';
import type { ServerState } from '../server-state';
import { readBody } from '../http';
import { adminIndexPage } from './admin-index-page';
import { parseFaultSpec } from './faults';
import { page, parseListQuery } from './page';
import { REQUEST_LOG_CAPACITY } from './request-log';

const MAX_ADMIN_BODY = 1024 * 1024;

/**
 * The admin API for tests and QA, under `/__admin/` (the guard in `routes/admin.ts` runs
 * first). `p_` values never appear in it: they are never stored.
 *
 *   GET    /__admin/                  this list as a page a person reads
 *   GET    /__admin/requests          recorded event calls (p_ redacted), oldest first, paginated
 *   DELETE /__admin/requests          forget them
 *   GET    /__admin/profiles          profiles, least recently active first, paginated
 *   GET    /__admin/profiles/<uuid>   one profile (404 when unknown)
 *   GET    /__admin/stats             profile store size, evictions, expirations; event calls; MID links; memory
 *   GET    /__admin/config            the running config
 *   PUT    /__admin/config            replace it (400 listing every problem)
 *   POST   /__admin/reset             forget profiles, requests and faults
 *   GET    /__admin/faults            the pending fault plan
 *   POST   /__admin/faults            { count, latencyMs?, status?, malformedBody?, dropConnection?, providerTimeout? }
 *   DELETE /__admin/faults            cancel it
 *
 * The lists take `?uuid=`, `?partner=`, `?offset=` (default 0) and `?limit=` (default 100,
 * at most 1000), and answer `{ total, offset, limit, next, items }`.
 */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, state: ServerState): Promise<void> {
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const route = `${method} ${path.replace(/^\/__admin/, '').replace(/\/profiles\/[^/]+$/, '/profiles/:uuid') || '/'}`;
  switch (route) {
    case 'GET /':
    case 'HEAD /':
      return adminIndexPage(req, res, state);
    case 'GET /requests': {
      const query = parseListQuery(url.searchParams);
      if (Array.isArray(query)) return json(res, 400, { problems: query });
      const matching = state.requests.list().filter((r) => (query.uuid === null || r.uuid === query.uuid) && (query.partner === null || r.partner === query.partner));
      return json(res, 200, page(matching, query, path));
    }
    case 'DELETE /requests':
      state.requests.clear();
      return json(res, 200, { ok: true });
    case 'GET /profiles': {
      const query = parseListQuery(url.searchParams);
      if (Array.isArray(query)) return json(res, 400, { problems: query });
      let matching = state.profiles.records();
      if (query.uuid !== null) matching = matching.filter((r) => r.profile.uuid === query.uuid);
      if (query.partner !== null) matching = matching.filter((r) => r.partners.includes(query.partner as string));
      const shown = page(matching, query, path);
      return json(res, 200, { ...shown, items: shown.items.map(profileView) });
    }
    case 'GET /profiles/:uuid': {
      let uuid: string;
      try {
        uuid = decodeURIComponent(path.split('/').pop() ?? '');
      } catch {
        return json(res, 400, { error: 'bad percent-encoding in the uuid' });
      }
      const record = state.profiles.record(uuid);
      return record ? json(res, 200, profileView(record)) : json(res, 404, { error: 'no such profile' });
    }
    case 'GET /stats': {
      // ?gc=1 measures live memory rather than garbage not yet collected, when the emulator
      // runs with node --expose-gc (a load test's memory figures are otherwise mostly
      // the garbage collector's timing).
      const gc = url.searchParams.get('gc') === '1' ? (globalThis as { gc?: () => void }).gc : undefined;
      gc?.();
      return json(res, 200, {
        profiles: state.profiles.stats(),
        requests: { total: state.requests.total, size: state.requests.size, capacity: REQUEST_LOG_CAPACITY },
        midLinks: { size: state.mids.size, capacity: state.mids.capacity },
        // So a load test can watch the emulator's own memory.
        memory: memory(gc !== undefined),
        // Open sockets, timers and other handles keeping the process busy, by kind: a soak
        // watches them for leaks (a hung content provider's socket, a timer never cleared).
        resources: activeResources(),
      });
    }
    case 'GET /config':
      return json(res, 200, state.config().source);
    case 'PUT /config': {
      const body = await readJson(req, res);
      if (body === undefined) return json(res, 400, { problems: ['expected a JSON body of at most 1 MiB'] });
      try {
        state.setConfig(body as MockDcsConfig);
        return json(res, 200, { ok: true });
      } catch (error) {
        if (error instanceof ConfigError) return json(res, 400, { problems: error.problems });
        throw error;
      }
    }
    case 'POST /reset':
      state.reset();
      return json(res, 200, { ok: true });
    case 'GET /faults':
      return json(res, 200, state.faults.pending);
    case 'POST /faults': {
      const spec = parseFaultSpec(await readJson(req, res));
      if (Array.isArray(spec)) return json(res, 400, { problems: spec });
      state.faults.set(spec);
      return json(res, 200, { ok: true });
    }
    case 'DELETE /faults':
      state.faults.set(null);
      return json(res, 200, { ok: true });
    default:
      return json(res, 404, { error: `no admin route ${method} ${path}; the list is at /__admin/` });
  }
}

function memory(collected: boolean) {
  const { rss, heapTotal, heapUsed, external } = process.memoryUsage();
  return { rssBytes: rss, heapTotalBytes: heapTotal, heapUsedBytes: heapUsed, externalBytes: external, collected };
}

function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end(JSON.stringify(body, null, 2));
}

async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  let text: string | null;
  try {
    text = await readBody(req, MAX_ADMIN_BODY, 'utf8');
  } catch {
    return undefined;
  }
  // Over the limit: the rest of the body is never read, and the connection closes after the answer.
  if (text === null) {
    res.setHeader('Connection', 'close');
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
