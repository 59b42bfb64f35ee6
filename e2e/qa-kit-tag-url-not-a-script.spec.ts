// New-user trial 9: a snippet whose data-src names a URL of the page's own site that answers an
// HTML page with 200 (a mistyped path caught by an SPA's or CMS's fallback route, a login
// redirect): the browser loads it (same origin: no CORS involved), fails to run it as a script
// ("Unexpected token '<'"), and the snippet says "the tag did not load". The kit's diagnose()
// asked the URL itself, saw no Access-Control-Allow-Origin, and said the browser refused it for
// CORS and to add 'Access-Control-Allow-Origin: *': a header that changes nothing here. It now
// says what the browser got: an HTML page, not the tag.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diagnose } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

let server: Server;
let site = '';
let dcsUrl = '';
test.beforeAll(async () => {
  server = createServer((req, res) => {
    const body =
      req.url === '/article'
        ? `<!doctype html><title>Article</title><script data-src="${site}/static/audience-relay.js">${snippet}</script>` +
          `<script>audienceRelay('config', { partner: 'acme', dcs: '${dcsUrl}' });</script>`
        : '<!doctype html><title>My SPA</title><div id="app"></div>'; // the fallback route: every other path
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://spa.localhost:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('data-src on a same-origin URL that answers an HTML page: diagnose() says it is not the tag, not CORS', async ({ page, sites }) => {
  dcsUrl = sites.dcs.url;
  await page.goto(`${site}/article`);
  const { reasons, summary } = await diagnose(page);
  expect(reasons[0]?.code).toBe('tag-not-loaded');
  expect(summary).not.toContain('Access-Control-Allow-Origin');
  expect(summary).toContain('text/html');
});
