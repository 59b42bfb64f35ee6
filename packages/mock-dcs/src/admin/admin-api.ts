import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigError, type MockDcsConfig } from '../config';
import { profileView, type ProfileStore } from '../profiles';
import { parseFaultSpec, type FaultPlan } from './faults';
import type { RequestLog } from './request-log';

export interface AdminState {
  profiles: ProfileStore;
  requests: RequestLog;
  faults: FaultPlan;
  getConfig(): MockDcsConfig;
  /** Throws a ConfigError when invalid; the old config stays. */
  setConfig(config: MockDcsConfig): void;
  reset(): void;
}

const MAX_ADMIN_BODY = 1024 * 1024;

/**
 * The admin API for tests and QA, under `/__admin/`. It has no CORS headers: pages cannot
 * call it, only tools. `p_` values never appear in it: they are never stored.
 *
 *   GET    /__admin/requests          recorded event calls (p_ redacted)
 *   DELETE /__admin/requests          forget them
 *   GET    /__admin/profiles          every profile
 *   GET    /__admin/profiles/<uuid>   one profile (404 when unknown)
 *   GET    /__admin/config            the running config
 *   PUT    /__admin/config            replace it (400 listing every problem)
 *   POST   /__admin/reset             forget profiles, requests and faults
 *   GET    /__admin/faults            the pending fault plan
 *   POST   /__admin/faults            { count, latencyMs?, status?, malformedBody?, dropConnection?, providerTimeout? }
 *   DELETE /__admin/faults            cancel it
 */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string, state: AdminState): Promise<void> {
  const method = req.method ?? 'GET';
  const route = `${method} ${path.replace(/^\/__admin/, '').replace(/\/profiles\/[^/]+$/, '/profiles/:uuid')}`;
  switch (route) {
    case 'GET /requests':
      return json(res, 200, state.requests.list());
    case 'DELETE /requests':
      state.requests.clear();
      return json(res, 200, { ok: true });
    case 'GET /profiles':
      return json(res, 200, state.profiles.all().map(profileView));
    case 'GET /profiles/:uuid': {
      const profile = state.profiles.find(decodeURIComponent(path.split('/').pop() ?? ''));
      return profile ? json(res, 200, profileView(profile)) : json(res, 404, { error: 'no such profile' });
    }
    case 'GET /config':
      return json(res, 200, state.getConfig());
    case 'PUT /config': {
      const body = await readJson(req);
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
      const spec = parseFaultSpec(await readJson(req));
      if (Array.isArray(spec)) return json(res, 400, { problems: spec });
      state.faults.set(spec);
      return json(res, 200, { ok: true });
    }
    case 'DELETE /faults':
      state.faults.set(null);
      return json(res, 200, { ok: true });
    default:
      return json(res, 404, { error: `no admin route ${method} ${path}` });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body, null, 2));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_ADMIN_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_ADMIN_BODY) return resolve(undefined);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', () => resolve(undefined));
  });
}
