import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultAssets, type AssetPaths } from './assets';
import { compileConfig, type CompiledConfig, type CompiledPartner, type MockDcsConfig } from './config';
import { demoConfig } from './demo-config';
import { handleEvent } from './event/handle-event';
import { serveFrame } from './frame-hosting';
import { UUID_COOKIE, readCookie, uuidCookie } from './identity';
import { ProfileStore } from './profiles';

export const MAX_GET_URL = 8192;
export const MAX_POST_BODY = 32768;

/** 1×1 transparent GIF: the answer to an `/event` call without `d_rtbd=json`. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export interface MockDcsOptions {
  /** The emulator config; default: the built-in demo. */
  config?: MockDcsConfig;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to listen on. Default 127.0.0.1 (loopback only). */
  listen?: string;
  /** Host name used in `url` (`*.localhost` resolves to loopback in browsers). Default `dcs.localhost`. */
  hostname?: string;
  assets?: AssetPaths;
  /** Receives one line per request; `p_` values are already redacted. Default: silent. */
  log?: (line: string) => void;
}

export interface MockDcs {
  /** `http://dcs.localhost:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Replaces the config at runtime; throws a ConfigError (and keeps the old one) when invalid. */
  setConfig(config: MockDcsConfig): void;
  /** Forgets every profile. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the DCS emulator. */
export async function startMockDcs(options: MockDcsOptions = {}): Promise<MockDcs> {
  let config: CompiledConfig = compileConfig(options.config ?? demoConfig());
  const profiles = new ProfileStore();
  const assets = options.assets ?? defaultAssets();
  const log = options.log ?? (() => {});

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      // Never a 500 and never a crash: an unexpected failure is DCS error 0.
      log(`error ${String(error)}`);
      if (!res.headersSent) sendJson(res, 200, { stuff: [], errors: [{ code: 0, msg: 'unspecified error' }] }, ['0']);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;

  function partnerFor(req: IncomingMessage): CompiledPartner {
    const label = (req.headers.host ?? '').split('.')[0]?.split(':')[0] ?? '';
    return config.partners.get(label) ?? (config.partners.get(config.defaultPartner) as CompiledPartner);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dcs.invalid');
    const partner = partnerFor(req);
    if (url.pathname === '/event') return event(req, res, partner, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed');
    if (url.pathname === '/frame.html') return frame(res, partner);
    if (url.pathname === '/audience-relay.js') return tag(res);
    if (url.pathname === '/') return text(res, 200, `mock-dcs: partner ${partner.name}; endpoints /event, /frame.html, /audience-relay.js\n`);
    return text(res, 404, 'not found');
  }

  async function event(req: IncomingMessage, res: ServerResponse, partner: CompiledPartner, url: URL): Promise<void> {
    cors(req, res, partner);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Max-Age': '600' }).end();
      return;
    }
    let raw: string;
    if (req.method === 'GET') {
      if ((req.url ?? '').length > MAX_GET_URL) return tooLarge(res, `GET URL over ${MAX_GET_URL} bytes`);
      raw = url.search.slice(1);
    } else if (req.method === 'POST') {
      const body = await readBody(req, MAX_POST_BODY);
      if (body === null) return tooLarge(res, `POST body over ${MAX_POST_BODY} bytes`);
      raw = body;
    } else return text(res, 405, 'method not allowed');

    const outcome = handleEvent(
      partner,
      {
        raw,
        cookieUuid: readCookie(req.headers.cookie, UUID_COOKIE),
        headers: {
          ...(req.headers.referer ? { referer: req.headers.referer } : {}),
          ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
          ...(req.headers['accept-language'] ? { acceptLanguage: req.headers['accept-language'] } : {}),
          ...(req.headers.host ? { host: req.headers.host } : {}),
        },
      },
      profiles,
      Date.now(),
    );
    if (outcome.setUuid) res.setHeader('Set-Cookie', uuidCookie(outcome.setUuid));
    const errorCodes = (outcome.body.errors ?? []).map((e) => String(e.code));
    log(
      `${req.method} /event partner=${partner.name} uuid=${outcome.body.uuid ?? '-'} signals=${JSON.stringify(outcome.loggedSignals)}` +
        ` traits=[${outcome.body.traits ?? ''}] segments=[${outcome.body.segments ?? ''}]${errorCodes.length ? ` errors=${errorCodes}` : ''}`,
    );
    if (!outcome.json) {
      if (errorCodes.length) res.setHeader('X-Error', errorCodes.join(','));
      res.writeHead(200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' }).end(PIXEL);
      return;
    }
    sendJson(res, 200, outcome.body, errorCodes);
  }

  async function frame(res: ServerResponse, partner: CompiledPartner): Promise<void> {
    const template = await readAsset(res, assets.frameHtml);
    if (template === null) return;
    const served = serveFrame(template, partner.name, partner.allowedOrigins);
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': served.csp,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin',
    });
    res.end(served.html);
  }

  async function tag(res: ServerResponse): Promise<void> {
    const source = await readAsset(res, assets.tagJs);
    if (source === null) return;
    res.writeHead(200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Access-Control-Allow-Origin': '*',
    });
    res.end(source);
  }

  async function readAsset(res: ServerResponse, path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch {
      text(res, 503, `${path} is not built yet: run \`npm run build\`\n`);
      return null;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.listen ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${options.hostname ?? 'dcs.localhost'}:${port}`,
    port,
    setConfig(next) {
      config = compileConfig(next);
    },
    reset() {
      profiles.clear();
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** CORS for allowed origins only: the request origin echoed (never `*`), with credentials. */
function cors(req: IncomingMessage, res: ServerResponse, partner: CompiledPartner): void {
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (origin && partner.allowedOrigins.has(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, errorCodes: string[]): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
  if (errorCodes.length > 0) headers['X-Error'] = errorCodes.join(',');
  res.writeHead(status, headers).end(JSON.stringify(body));
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
}

function tooLarge(res: ServerResponse, why: string): void {
  sendJson(res, 200, { stuff: [], errors: [{ code: 0, msg: `request too large: ${why}` }] }, ['0']);
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('latin1')));
    req.on('error', reject);
  });
}
