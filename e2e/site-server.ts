// A publisher site of our own pages for tests that need several pages of one site (navigations,
// the back/forward cache), on http://site.localhost:<port>, allowed by the demo partner.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sites } from './fixtures';

export interface SiteServer {
  origin: string;
  /** Pages by path (`/article.html`), served as HTML; set them before the page asks. */
  pages: Record<string, string>;
  close(): Promise<void>;
}

export async function startSiteServer(sites: Sites): Promise<SiteServer> {
  const pages: Record<string, string> = {};
  const server = createServer((req, res) => void res.writeHead(pages[req.url ?? ''] ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' }).end(pages[req.url ?? ''] ?? 'not found'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://site.localhost:${(server.address() as AddressInfo).port}`;
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
