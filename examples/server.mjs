// @ts-check
// Serves the example pages, as a publisher's web server would, on their own site. HTML pages
// get the built snippet pasted in ({{SNIPPET}}) and the DCS origin ({{DCS}}) filled in.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const snippetPath = fileURLToPath(new URL('../packages/tag/dist/snippet.min.js', import.meta.url));
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
 * @param {{ dcsUrl: string, port?: number, hostname?: string }} options
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startExamplesServer({ dcsUrl, port = 0, hostname = 'publisher.localhost' }) {
  const snippet = (await readFile(snippetPath, 'utf8')).trim();
  let origin = '';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root) || file.split(sep).includes('..') || file.endsWith('.mjs')) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      let body = await readFile(file, 'utf8');
      if (file.endsWith('.html')) {
        body = body.replaceAll('{{SNIPPET}}', snippet).replaceAll('{{DCS}}', dcsUrl).replaceAll('{{ORIGIN}}', origin);
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
