import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { FaultPlan, parseFaultSpec, type FaultSpec } from './admin/faults';
import { RequestLog, type RecordedRequest } from './admin/request-log';
import { defaultAssets, type AssetPaths } from './assets';
import { compileConfig, type CompiledConfig, type MockDcsConfig } from './config';
import { demoConfig } from './demo-config';
import { DCS_MESSAGES } from './event/dcs-error';
import { MidLinks } from './event/identity-keys';
import { sendJson, text } from './http';
import { printable } from './printable';
import { DEFAULT_MAX_PROFILES, LruProfileStore } from './lru-profile-store';
import { profileView, type ProfileStore, type ProfileStoreStats } from './profiles';
import { RateLimiter } from './rate-limiter';
import { adminRoute } from './routes/admin';
import { eventRoute } from './routes/event';
import { frameRoute } from './routes/frame';
import { dest5Route } from './routes/dest5';
import { homeRoute } from './routes/home';
import { idRoute } from './routes/id';
import { idSyncRoute } from './routes/id-sync';
import { optOutRoute } from './routes/opt-out';
import { optOutStatusRoute } from './routes/opt-out-status';
import { hostPartner } from './routes/org-partner';
import type { Route } from './routes/route';
import { isReleasePath, releaseRoute } from './routes/release';
import { tagBundleRoute } from './routes/tag-bundle';
import type { ServerState } from './server-state';
import { localCertificate } from './tls';
import { isHostName } from './host-name';

export interface MockDcsOptions {
  /** The emulator config; default: the built-in demo. */
  config?: MockDcsConfig;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /**
   * Address to listen on. Default 127.0.0.1 (loopback only). On any other address the admin API
   * (`/__admin/`: config, reset, faults, the request log) answers whoever reaches the port: its
   * loopback-`Host` rule keeps out web pages (DNS rebinding), not a client that sends
   * `Host: localhost` itself.
   */
  listen?: string;
  /** Host name used in `url` (`*.localhost` resolves to loopback in browsers). Default `dcs.localhost`. */
  hostname?: string;
  /** Serve HTTPS with a locally generated certificate for `hostname` and its subdomains. */
  https?: boolean;
  /**
   * Files of the tag and frame to serve instead of the ones it was packed with (say, your own
   * build): paths of `frame.html`, `audience-relay.js` and its two bundles. The versioned
   * `/v/<release>/` copies and `manifest.json` are read from the tag's folder. Default:
   * `defaultAssets()`.
   */
  assets?: AssetPaths;
  /** Receives one line per request; `p_` values are already redacted, control characters escaped (`\u001b`). Default: silent. */
  log?: (line: string) => void;
  /** Most profiles kept; beyond it the least recently active is evicted. Default 200,000. */
  maxProfiles?: number;
  /** Most bytes the kept profiles may hold (the store's estimate); beyond it the least recently active are evicted. Default 256 MiB. */
  maxProfileBytes?: number;
  /** A profile inactive this long (ms) expires. Default 120 days, as Audience Manager's back end. */
  inactiveMs?: number;
  /** Where profiles live, instead of the bounded in-memory default (then `maxProfiles` and `inactiveMs` are its own business). */
  profileStore?: ProfileStore;
  /**
   * A request (its headers and body) not received within this long (ms) is answered 408 and
   * its connection closed. Default 30 s: Node's own 300 s let a client trickling a body hold a
   * socket for five minutes (soak11).
   */
  requestTimeoutMs?: number;
}

export interface MockDcs {
  /** `http://dcs.localhost:PORT` (or https). */
  readonly url: string;
  readonly port: number;
  /** The certificate in use with `https: true`, so tests can trust it. */
  readonly certificate: string | null;
  /** Replaces the config at runtime; throws a ConfigError (and keeps the old one) when invalid. */
  setConfig(config: MockDcsConfig): void;
  /** Forgets every profile, recorded request and pending fault; a call still waiting out an injected latency or a slow content provider is dropped unanswered. */
  reset(): void;
  /**
   * Injects a fault into the next `count` event calls (default 1), as `POST /__admin/faults`;
   * throws on a bad spec. The frame retries a 429 or 503 once, and a browser a dropped
   * connection: `count: 2` makes the page see those.
   */
  injectFault(spec: Partial<FaultSpec>): void;
  /** Recorded event calls, oldest first, `p_` values redacted (as `GET /__admin/requests`). */
  requests(): RecordedRequest[];
  /** Every profile as the admin API shows it, least recently active first. */
  profiles(): Array<Record<string, unknown>>;
  /** The profile store's size, limits, evictions and expirations (as `GET /__admin/stats`). */
  profileStats(): ProfileStoreStats;
  /** Stops the server; a call still waiting out an injected latency is dropped, so no timer keeps the process alive. */
  close(): Promise<void>;
}

/** Endpoints by path, for the partner the `Host` names. Any other path is a 404. */
const ROUTES = new Map<string, Route>([
  ['/', homeRoute],
  ['/frame.html', frameRoute],
  ['/dest5.html', dest5Route],
  ['/audience-relay.js', tagBundleRoute('tagJs', { versioned: false })],
  ['/audience-relay-outputs.js', tagBundleRoute('outputsJs', { versioned: true })],
  ['/audience-relay-debug.js', tagBundleRoute('debugJs', { versioned: true })],
]);

/**
 * Options TypeScript cannot check for a caller in plain JavaScript, checked at start: a `log`
 * that is not a function would otherwise throw inside a request handler and end the process.
 */
function checkOptionTypes(options: MockDcsOptions): void {
  const problems: string[] = [];
  if (options.log !== undefined && typeof options.log !== 'function') problems.push('log: expected a function (line: string) => void');
  if (options.hostname !== undefined && typeof options.hostname !== 'string') problems.push('hostname: expected a host name string');
  else if (options.hostname !== undefined && !isHostName(options.hostname)) {
    problems.push(`hostname: ${JSON.stringify(options.hostname)} is not a host name: give the name alone, e.g. dcs.localhost (no scheme, port or path: https: true for HTTPS, port for the port)`);
  }
  if (options.https !== undefined && typeof options.https !== 'boolean') problems.push('https: expected true or false');
  if (problems.length > 0) throw new TypeError(`startMockDcs: ${problems.join('; ')}`);
}

/** Starts the DCS emulator. */
export async function startMockDcs(options: MockDcsOptions = {}): Promise<MockDcs> {
  checkOptionTypes(options);
  let config: CompiledConfig = compileConfig(options.config ?? demoConfig());
  const log = options.log ?? null;
  let interrupt = new AbortController();
  const state: ServerState = {
    config: () => config,
    setConfig: (next) => void (config = compileConfig(next)),
    profiles:
      options.profileStore ??
      new LruProfileStore({
        ...(options.maxProfiles !== undefined ? { maxProfiles: options.maxProfiles } : {}),
        ...(options.maxProfileBytes !== undefined ? { maxBytes: options.maxProfileBytes } : {}),
        ...(options.inactiveMs !== undefined ? { inactiveMs: options.inactiveMs } : {}),
      }),
    // As many MID links as profiles: a link outliving every profile it could lead to is dead weight.
    mids: new MidLinks(options.profileStore ? DEFAULT_MAX_PROFILES : (options.maxProfiles ?? DEFAULT_MAX_PROFILES)),
    requests: new RequestLog(),
    faults: new FaultPlan(),
    rate: new RateLimiter(),
    assets: options.assets ?? defaultAssets(),
    secure: options.https ?? false,
    // Request values reach these lines: printed as text, never as terminal control sequences.
    note: (line) => log?.(printable(line())),
    get interrupted() {
      return interrupt.signal;
    },
    reset: () => {
      interrupt.abort();
      interrupt = new AbortController();
      state.profiles.clear();
      state.mids.clear();
      state.requests.clear();
      state.faults.set(null);
      state.rate.clear();
    },
  };
  const hostname = options.hostname ?? 'dcs.localhost';

  const listener: RequestListener = (req, res) => {
    route(req, res).catch((error: unknown) => {
      // Never a 500 and never a crash: an unexpected failure is DCS error 0.
      state.note(() => `error ${String(error)}`);
      if (!res.headersSent) sendJson(res, 200, { stuff: [], errors: [{ code: 0, msg: 'unspecified error' }] }, ['0']);
      else res.destroy();
    });
  };
  const certificate = state.secure ? await localCertificate(hostname) : null;
  // Node answers a request without a Host header with a bare 400; the DCS answers it with error 100.
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const limits = {
    requireHostHeader: false,
    requestTimeout,
    // Node's 60 s for the headers would outlast the whole request's limit.
    headersTimeout: Math.min(requestTimeout, 20_000),
    // How often Node looks for sockets past those limits (its default, 30 s, is the limit).
    connectionsCheckingInterval: Math.max(100, Math.min(5_000, requestTimeout / 4)),
  };
  const server = certificate ? createHttpsServer({ ...certificate, ...limits }, listener) : createHttpServer(limits, listener);
  server.keepAliveTimeout = 5000;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = req.url ?? '/';
    const url = new URL(rawPath, 'http://dcs.invalid');
    if (url.pathname === '/__admin' || url.pathname.startsWith('/__admin/')) return adminRoute(req, res, url, state);
    // The ID service finds its partner by org (d_orgid) too: dpm.<DCS domain> names none.
    if (url.pathname === '/id') return idRoute(req, res, url, state);
    if (url.pathname === '/optOutStatus') return optOutStatusRoute(req, res, url, state);
    // A browser asks every page's origin for its icon: no error on the console for it.
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (!req.headers.host) {
      return sendJson(res, 200, { stuff: [], errors: [{ code: 100, msg: DCS_MESSAGES.noHost }] }, ['100']);
    }
    // The opt-out finds its partner by org too, and a global opt-out needs none.
    if (url.pathname === '/demoptout.jpg' || url.pathname === '/demoptout') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed');
      return optOutRoute(req, res, url, state);
    }
    const partner = hostPartner(config, req.headers.host);
    // Partners' ID syncs come back on Audience Manager's own host (dpm.), which names no partner.
    if (!partner && rawPath.startsWith('/ibs:')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed');
      return idSyncRoute(req, res, { state, partner: null, url, rawPath });
    }
    if (!partner) {
      return sendJson(res, 200, { stuff: [], errors: [{ code: 1, msg: DCS_MESSAGES.unknownHost(req.headers.host ?? '') }] }, ['1']);
    }
    const request = { state, partner, url, rawPath };
    if (url.pathname === '/event') return eventRoute(req, res, request);
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed');
    if (rawPath.startsWith('/ibs:')) return idSyncRoute(req, res, request);
    const endpoint = ROUTES.get(url.pathname) ?? (isReleasePath(url.pathname) ? releaseRoute : undefined);
    if (endpoint) return endpoint(req, res, request);
    // Readable by any page (a public "nothing here"): a tag or bundle URL that is wrong shows
    // as a 404 in the page's tools, not as the CORS error a crossorigin script would get.
    res.setHeader('Access-Control-Allow-Origin', '*');
    return text(res, 404, 'not found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.listen ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `${state.secure ? 'https' : 'http'}://${hostname}:${port}`,
    port,
    certificate: certificate?.cert ?? null,
    setConfig: state.setConfig,
    reset: state.reset,
    injectFault(spec) {
      const parsed = parseFaultSpec(spec);
      if (Array.isArray(parsed)) throw new Error(`invalid fault: ${parsed.join('; ')}`);
      state.faults.set(parsed);
    },
    requests: () => state.requests.list(),
    profiles: () => state.profiles.records().map(profileView),
    profileStats: () => state.profiles.stats(),
    close() {
      // A pending latency fault (up to 60 s) would otherwise keep the caller's process alive.
      interrupt.abort();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
