// Pages a test writes, served at http://<label>.localhost:<port>: a site of its own, cross-site
// to the DCS, which partner acme's frame allows. For specs that open several tabs of one site.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sites } from './fixtures';

export interface ServedSite {
  origin: string;
  /** Path (`/article.html`) to the HTML served there; 404 for any other. */
  pages: Record<string, string>;
  close(): Promise<void>;
}

export async function servePages(sites: Sites, label: string): Promise<ServedSite> {
  const pages: Record<string, string> = {};
  const server = createServer((req, res) => void res.writeHead(pages[req.url ?? ''] ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' }).end(pages[req.url ?? ''] ?? 'not found'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://${label}.localhost:${(server.address() as AddressInfo).port}`;
  const config = sites.demo();
  config.partners.acme!.allowedOrigins = [origin];
  sites.dcs.setConfig(config);
  return {
    origin,
    pages,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
