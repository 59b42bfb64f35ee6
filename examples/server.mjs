// @ts-check
// Serves the example pages, as a publisher's web server would, on their own site. HTML pages
// get the built snippet pasted in ({{SNIPPET}}, or {{SNIPPET_TT}}: its Trusted Types variant)
// and the DCS origin ({{DCS}}) filled in, and
// the pinned tag's versioned path and SRI hash from the build's manifest ({{TAG_PINNED}},
// {{TAG_INTEGRITY}}). The tag and its bundles come from the DCS (mock-dcs), never from here.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const snippetPath = fileURLToPath(new URL('../packages/tag/dist/snippet.min.js', import.meta.url));
const snippetTtPath = fileURLToPath(new URL('../packages/tag/dist/snippet-tt.min.js', import.meta.url));
const manifestPath = fileURLToPath(new URL('../packages/tag/dist/manifest.json', import.meta.url));

/**
 * Whether a `Host` header names this machine: `localhost`, `*.localhost`, `127.0.0.0/8` or
 * `[::1]`, with any port (what the browser sends for the URLs `npm start` prints).
 * @param {string | undefined} host
 */
function isLoopbackHost(host) {
  const name = (host ?? '').toLowerCase().replace(/:\d*$/, '');
  return name === 'localhost' || name === '[::1]' || /^[a-z0-9.-]+\.localhost$/.test(name) || /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(name);
}

/**
 * The pinned tag of the current build: its versioned path and integrity (read per page, so a
 * rebuild shows at once); empty before the first build.
 * @returns {Promise<{ path: string, integrity: string }>}
 */
async function pinnedTag() {
  try {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    const tag = manifest.files['audience-relay.js'];
    return { path: String(tag.path), integrity: String(tag.integrity) };
  } catch {
    return { path: 'audience-relay.js', integrity: '' };
  }
}
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * The policy a strict publisher runs: nonce-only scripts, Trusted Types enforced with our
 * policy name allowed, the DCS allowed as a frame and for the page-hide beacon.
 * @param {string} dcsUrl
 */
export function strictCsp(dcsUrl) {
  const nonce = randomBytes(16).toString('base64');
  return `script-src 'nonce-${nonce}'; require-trusted-types-for 'script'; trusted-types audience-relay; frame-src ${dcsUrl}; connect-src ${dcsUrl}; object-src 'none'; base-uri 'none'`;
}

/**
 * Stand-ins that the real world serves from a third party's CDN take a CDN's time here too:
 * GPT's implementation (pubads_impl) is a second ~100 KB download from Google. Without it, the
 * loopback stand-in would win every race no real GPT could (the e2e and bench repeat-visit
 * figures depend on it).
 * @type {Record<string, number>}
 */
const STAND_IN_LATENCY_MS = { '/stand-ins/gpt-impl.js': 80 };

/**
 * QA scenarios by name (`/qa/scenario.html?fault=slow`): the fault the page's server asks
 * mock-dcs for (`POST /__admin/faults`) before it serves the page.
 * @type {Record<string, object>}
 */
export const QA_FAULTS = {
  slow: { latencyMs: 3000 },
  down: { dropConnection: true, count: 5 },
  error: { status: 500 },
  malformed: { malformedBody: true },
  'rate-limited': { status: 429, count: 1 },
};

/**
 * Asks the DCS emulator for a fault. Node does not resolve `*.localhost` as browsers do, so
 * the request goes to the loopback address with the DCS's Host header.
 * @param {string} dcsUrl
 * @param {object} fault
 * @returns {Promise<void>}
 */
function injectFault(dcsUrl, fault) {
  return faultsCall(dcsUrl, 'POST', JSON.stringify(fault));
}

/**
 * Cancels what is left of the DCS emulator's pending fault.
 * @param {string} dcsUrl
 * @returns {Promise<void>}
 */
function cancelFault(dcsUrl) {
  return faultsCall(dcsUrl, 'DELETE', '');
}

/**
 * @param {string} dcsUrl
 * @param {'POST' | 'DELETE'} method
 * @param {string} body
 * @returns {Promise<void>}
 */
function faultsCall(dcsUrl, method, body) {
  const dcs = new URL(dcsUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: dcs.port, path: '/__admin/faults', method, headers: { host: dcs.host, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 || res.statusCode === 204 ? resolve() : reject(new Error(`mock-dcs answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `faultsEndWithPage` (npm start): a QA scenario's fault is for that page. The count a fault
 * needs to hit the page's one call depends on the browser (Chromium tries a dropped GET again
 * when it reused a connection), so what the page did not use is cancelled when the next page
 * loads, instead of breaking the next page a person opens. Off in the e2e suite, whose tests
 * inject their own faults and reset the DCS between tests.
 * @param {{ dcsUrl: string, port?: number, hostname?: string, faultsEndWithPage?: boolean }} options
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startExamplesServer({ dcsUrl, port = 0, hostname = 'publisher.localhost', faultsEndWithPage = false }) {
  const snippet = (await readFile(snippetPath, 'utf8')).trim();
  const snippetTt = (await readFile(snippetTtPath, 'utf8')).trim();
  let origin = '';
  /** A fault this server injected may still be pending: the next page load cancels it. */
  let injected = false;
  const server = createServer(async (req, res) => {
    // Loopback names only, as mock-dcs's admin API: a site's own name re-resolved to 127.0.0.1
    // (DNS rebinding) would make its page same-origin with this server, and its navigation to
    // /qa/scenario.html?fault=… would have this server inject that fault into the DCS.
    if (!isLoopbackHost(req.headers.host)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('the example pages answer loopback host names only (localhost, *.localhost, 127.0.0.0/8, [::1])\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    // The single-page app's routes (/spa/golf) are its page too: a reload or a new tab on one
    // gets the app, which reads the route from its URL.
    const served = /^\/spa\/[^./]+$/.test(path) ? '/spa/index.html' : path;
    const file = normalize(join(root, served.endsWith('/') ? `${served}index.html` : served));
    if (!file.startsWith(root) || file.split(sep).includes('..') || file.endsWith('.mjs')) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      // The fault goes to the DCS only for a real page load in a browser tab: a link check, a
      // preview or a prefetch fetching the URL must not break the next visitor's calls.
      const pageLoad = req.headers['sec-fetch-dest'] === 'document' && !req.headers['sec-purpose'];
      const fault = path === '/qa/scenario.html' ? url.searchParams.get('fault') : null;
      if (fault !== null) {
        if (!Object.hasOwn(QA_FAULTS, fault)) {
          res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`unknown fault "${fault}": one of ${Object.keys(QA_FAULTS).join(', ')}`);
          return;
        }
      }
      if (pageLoad && faultsEndWithPage && injected) {
        injected = false;
        // A DCS that cannot be reached has no fault left to cancel: the page is served anyway.
        await cancelFault(dcsUrl).catch(() => undefined);
      }
      // Only a page opened from these examples (same origin) or typed in (no initiator): a page
      // on another site must not be able to take a person's DCS down by sending their tab here.
      const ownNavigation = ['same-origin', 'none', undefined].includes(req.headers['sec-fetch-site']);
      if (fault !== null && pageLoad && ownNavigation) {
        await injectFault(dcsUrl, /** @type {object} */ (QA_FAULTS[fault]));
        injected = faultsEndWithPage;
      }
      const latency = STAND_IN_LATENCY_MS[path];
      if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
      let body = await readFile(file, 'utf8');
      if (file.endsWith('.html')) {
        body = body.replaceAll('{{SNIPPET}}', snippet).replaceAll('{{SNIPPET_TT}}', snippetTt).replaceAll('{{DCS}}', dcsUrl).replaceAll('{{ORIGIN}}', origin);
        if (body.includes('{{TAG_')) {
          const tag = await pinnedTag();
          body = body.replaceAll('{{TAG_PINNED}}', tag.path).replaceAll('{{TAG_INTEGRITY}}', tag.integrity);
        }
      }
      /** @type {Record<string, string>} */
      const headers = { 'Content-Type': types[/** @type {keyof types} */ (extname(file))] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' };
      // QA pages take the host page's CSP from ?csp=, to test what a publisher's policy does;
      // a nonce in it is put on the page's own <script> tags, as a publisher's server would.
      // The strict-CSP example has its policy fixed, with a fresh nonce per response.
      const csp = path === '/qa/strict-csp.html' ? strictCsp(dcsUrl) : url.searchParams.get('csp');
      if (csp && path.startsWith('/qa/') && file.endsWith('.html')) {
        headers['Content-Security-Policy'] = csp;
        const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp)?.[1];
        if (nonce) body = body.replaceAll('<script', `<script nonce="${nonce}"`);
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  origin = `http://${hostname}:${actualPort}`;
  return {
    url: origin,
    port: actualPort,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
