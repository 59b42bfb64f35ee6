import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin/admin-api';
import { FaultPlan, parseFaultSpec, type Fault, type FaultSpec } from './admin/faults';
import { RequestLog, type RecordedRequest } from './admin/request-log';
import { defaultAssets, type AssetPaths } from './assets';
import { compileConfig, type CompiledConfig, type CompiledPartner, type MockDcsConfig } from './config';
import { demoConfig } from './demo-config';
import { handleEvent, redactQuery } from './event/handle-event';
import { serveFrame } from './frame-hosting';
import { publicAssetHeaders, sendAsset, versionedAsset } from './static-assets';
import { cors, pixel, readBody, sendJson, text, tooLarge } from './http';
import { UUID_COOKIE, readCookie, uuidCookie } from './identity';
import { ProfileStore, profileView } from './profiles';
import { handleIdSync, handleOptOut } from './routes/id-sync';
import { localCertificate } from './tls';

export const MAX_GET_URL = 8192;
export const MAX_POST_BODY = 32768;

export interface MockDcsOptions {
  /** The emulator config; default: the built-in demo. */
  config?: MockDcsConfig;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to listen on. Default 127.0.0.1 (loopback only). */
  listen?: string;
  /** Host name used in `url` (`*.localhost` resolves to loopback in browsers). Default `dcs.localhost`. */
  hostname?: string;
  /** Serve HTTPS with a locally generated certificate for `hostname` and its subdomains. */
  https?: boolean;
  assets?: AssetPaths;
  /** Receives one line per request; `p_` values are already redacted. Default: silent. */
  log?: (line: string) => void;
}

export interface MockDcs {
  /** `http://dcs.localhost:PORT` (or https). */
  readonly url: string;
  readonly port: number;
  /** The certificate in use with `https: true`, so tests can trust it. */
  readonly certificate: string | null;
  /** Replaces the config at runtime; throws a ConfigError (and keeps the old one) when invalid. */
  setConfig(config: MockDcsConfig): void;
  /** Forgets every profile, recorded request and pending fault. */
  reset(): void;
  /** Injects a fault into the next `count` event calls (as `POST /__admin/faults`); throws on a bad spec. */
  injectFault(spec: Partial<FaultSpec>): void;
  /** Recorded event calls, oldest first, `p_` values redacted (as `GET /__admin/requests`). */
  requests(): RecordedRequest[];
  /** Profiles as the admin API shows them. */
  profiles(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Starts the DCS emulator. */
export async function startMockDcs(options: MockDcsOptions = {}): Promise<MockDcs> {
  let config: CompiledConfig = compileConfig(options.config ?? demoConfig());
  const profiles = new ProfileStore();
  const requests = new RequestLog();
  const faults = new FaultPlan();
  const rate = new Map<string, { second: number; count: number }>();
  const assets = options.assets ?? defaultAssets();
  const log = options.log ?? null;
  const note = (line: () => string): void => log?.(line());
  const secure = options.https ?? false;
  const hostname = options.hostname ?? 'dcs.localhost';

  const listener: RequestListener = (req, res) => {
    route(req, res).catch((error: unknown) => {
      // Never a 500 and never a crash: an unexpected failure is DCS error 0.
      note(() => `error ${String(error)}`);
      if (!res.headersSent) sendJson(res, 200, { stuff: [], errors: [{ code: 0, msg: 'unspecified error' }] }, ['0']);
      else res.destroy();
    });
  };
  const certificate = secure ? await localCertificate(hostname) : null;
  const server = certificate ? createHttpsServer(certificate, listener) : createHttpServer(listener);
  server.keepAliveTimeout = 5000;

  function partnerFor(req: IncomingMessage): CompiledPartner | null {
    const label = (req.headers.host ?? '').split(':')[0]?.split('.')[0] ?? '';
    return config.partners.get(label) ?? (config.defaultPartner ? (config.partners.get(config.defaultPartner) ?? null) : null);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = req.url ?? '/';
    const url = new URL(rawPath, 'http://dcs.invalid');
    if (url.pathname.startsWith('/__admin/')) {
      return handleAdmin(req, res, url.pathname, {
        profiles,
        requests,
        faults,
        getConfig: () => config.source,
        setConfig: (next) => void (config = compileConfig(next)),
        reset,
      });
    }
    const partner = partnerFor(req);
    if (!partner) {
      return sendJson(res, 200, { stuff: [], errors: [{ code: 1, msg: `unknown partner for host ${req.headers.host ?? ''}` }] }, ['1']);
    }
    if (url.pathname === '/event') return event(req, res, partner, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed');
    if (rawPath.startsWith('/ibs:')) return handleIdSync(req, res, rawPath.slice('/ibs:'.length), { profiles, note });
    if (url.pathname === '/demoptout.jpg') return handleOptOut(req, res, url, { profiles, note });
    if (url.pathname === '/frame.html') return frame(req, res, partner);
    if (url.pathname === '/audience-relay.js') return tag(req, res, assets.tagJs, false);
    // The tag asks for its outputs bundle by content hash: that URL never changes meaning.
    if (url.pathname === '/audience-relay-outputs.js') return tag(req, res, assets.outputsJs, url.searchParams.has('v'));
    if (url.pathname === '/audience-relay-debug.js') return tag(req, res, assets.debugJs, url.searchParams.has('v'));
    // Versioned, immutable copies and their SRI manifest, for pages that pin the tag.
    const versioned = versionedAsset(url.pathname, dirname(assets.tagJs));
    if (versioned) return release(req, res, versioned);
    if (url.pathname === '/') return text(res, 200, `mock-dcs: partner ${partner.name}; endpoints /event, /ibs:, /demoptout.jpg, /frame.html, /audience-relay.js, /audience-relay-outputs.js, /audience-relay-debug.js, /__admin/\n`);
    return text(res, 404, 'not found');
  }

  function limited(partner: CompiledPartner): boolean {
    if (!partner.rateLimitPerSecond) return false;
    const second = Math.floor(Date.now() / 1000);
    const window = rate.get(partner.name);
    if (!window || window.second !== second) {
      rate.set(partner.name, { second, count: 1 });
      return false;
    }
    return ++window.count > partner.rateLimitPerSecond;
  }

  async function event(req: IncomingMessage, res: ServerResponse, partner: CompiledPartner, url: URL): Promise<void> {
    const started = Date.now();
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

    const record = (status: number, uuid: string | null, errors: number[], signals: Record<string, string[]> = {}): void => {
      const path = `/event${raw ? `?${redactQuery(raw)}` : ''}`;
      requests.add({ time: started, method: req.method ?? 'GET', partner: partner.name, path, signals, uuid, status, errors, durationMs: Date.now() - started });
      // The line is built only when someone listens: at thousands of calls a second it shows.
      note(() => `${req.method} /event partner=${partner.name} status=${status} uuid=${uuid ?? '-'} signals=${JSON.stringify(signals)}${errors.length ? ` errors=${errors}` : ''}`);
    };
    if (limited(partner)) {
      record(429, null, []);
      res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'text/plain' }).end('rate limited');
      return;
    }
    const fault: Fault | null = faults.take();
    if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault?.dropConnection) {
      record(0, null, []);
      req.socket.destroy();
      return;
    }
    if (fault?.status !== undefined) {
      record(fault.status, null, []);
      sendJson(res, fault.status, { stuff: [], errors: [{ code: 0, msg: `injected HTTP ${fault.status}` }] }, ['0']);
      return;
    }

    const outcome = await handleEvent(
      partner,
      {
        raw,
        cookie: readCookie(req.headers.cookie, UUID_COOKIE),
        secure,
        headers: {
          ...(req.headers.referer ? { referer: req.headers.referer } : {}),
          ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
          ...(req.headers['accept-language'] ? { acceptLanguage: req.headers['accept-language'] } : {}),
          ...(req.headers.host ? { host: req.headers.host } : {}),
          ...(typeof req.headers['sec-fetch-storage-access'] === 'string' ? { storageAccess: req.headers['sec-fetch-storage-access'] } : {}),
        },
      },
      profiles,
      { now: Date.now(), providerTimeout: fault?.providerTimeout ?? false },
    );
    if (outcome.setUuid) res.setHeader('Set-Cookie', uuidCookie(outcome.setUuid));
    const errorCodes = (outcome.body.errors ?? []).map((e) => String(e.code));
    record(200, outcome.body.uuid ?? null, errorCodes.map(Number), outcome.loggedSignals);
    if (fault?.malformedBody) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"stuff":[{"cn":');
      return;
    }
    if (!outcome.json) return pixel(res, errorCodes);
    if (outcome.callback) {
      if (errorCodes.length) res.setHeader('X-Error', errorCodes.join(','));
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(`${outcome.callback}(${JSON.stringify(outcome.body)})`);
      return;
    }
    sendJson(res, 200, outcome.body, errorCodes);
  }

  async function frame(req: IncomingMessage, res: ServerResponse, partner: CompiledPartner): Promise<void> {
    const template = await readAsset(res, assets.frameHtml);
    if (template === null) return;
    const served = serveFrame(template, partner.name, partner.allowedOrigins);
    sendAsset(req, res, served.html, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': served.csp,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin',
    });
  }

  // The tag's own URL is fixed (publishers paste it), so it is revalidated (ETag, 304); the
  // bundles it loads are asked for by content hash, so they are cached for good.
  async function tag(req: IncomingMessage, res: ServerResponse, path: string, versioned: boolean): Promise<void> {
    const source = await readAsset(res, path);
    if (source === null) return;
    sendAsset(req, res, source, publicAssetHeaders('text/javascript; charset=utf-8', versioned));
  }

  // A release that is not (or no longer) built is simply not there.
  async function release(req: IncomingMessage, res: ServerResponse, asset: { path: string; contentType: string; immutable: boolean }): Promise<void> {
    let source: string;
    try {
      source = await readFile(asset.path, 'utf8');
    } catch {
      return text(res, 404, 'not found');
    }
    sendAsset(req, res, source, publicAssetHeaders(asset.contentType, asset.immutable));
  }

  async function readAsset(res: ServerResponse, path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch {
      text(res, 503, `${path} is not built yet: run \`npm run build\`\n`);
      return null;
    }
  }

  function reset(): void {
    profiles.clear();
    requests.clear();
    faults.set(null);
    rate.clear();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.listen ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `${secure ? 'https' : 'http'}://${hostname}:${port}`,
    port,
    certificate: certificate?.cert ?? null,
    setConfig(next) {
      config = compileConfig(next);
    },
    reset,
    injectFault(spec) {
      const parsed = parseFaultSpec(spec);
      if (Array.isArray(parsed)) throw new Error(`invalid fault: ${parsed.join('; ')}`);
      faults.set(parsed);
    },
    requests: () => requests.list(),
    profiles: () => profiles.all().map(profileView),
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
