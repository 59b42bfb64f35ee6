// @ts-check
// The bench's front for mock-dcs: on the DCS's host name, it serves the minimal-iframe
// baseline's frame (bench/baseline-frame.html) itself and passes every other request to
// mock-dcs unchanged. So that frame is same-origin with the /event it calls, as our frame is
// with its DCS, without a bench-only route in the emulator. Its /event crosses one more
// loopback hop than our frame's (`hopMs` in the report measures it).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Agent, createServer, request } from 'node:http';

const FRAME_PATH = '/__bench/baseline-frame.html';
const framePath = new URL('./baseline-frame.html', import.meta.url);
// Hop-by-hop headers: they describe one connection, not the message.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/** @param {import('node:http').IncomingHttpHeaders} headers */
const endToEnd = (headers) => Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));

/**
 * @param {{ dcsPort: number, hostname?: string, publisherHost?: string }} options
 *   `dcsPort`: mock-dcs on 127.0.0.1; `publisherHost`: the pages allowed to embed the frame (any port).
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startDcsFront({ dcsPort, hostname = 'dcs.localhost', publisherHost = 'publisher.localhost' }) {
  const html = await readFile(framePath, 'utf8');
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const hash = createHash('sha256').update(script).digest('base64');
  // As strict as our frame's: this script only, calls to this origin only, embedded by the publisher only.
  const csp = `default-src 'none'; script-src 'sha256-${hash}'; connect-src 'self'; frame-ancestors http://${publisherHost}:*`;
  const agent = new Agent({ keepAlive: true });

  const server = createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://x').pathname === FRAME_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' }).end(html);
      return;
    }
    // The Host header goes through as the browser sent it: mock-dcs finds the partner by it.
    const upstream = request({ host: '127.0.0.1', port: dcsPort, method: req.method, path: req.url, headers: endToEnd(req.headers), agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`mock-dcs unreachable: ${error.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${hostname}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
