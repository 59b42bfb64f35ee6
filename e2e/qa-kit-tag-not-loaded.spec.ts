// The QA kit's diagnose(page) when the tag did not load, in a test that serves its page from
// its own server and has no page.route (as a QA project's tests do). New-user trial: for a tag
// URL that answered 404, a page CSP that refused the tag, and a CDN serving the tag without
// Access-Control-Allow-Origin, the kit said "no response" each time: Playwright tells a test
// about failed requests only while it listens, and a cross-origin 404 without CORS headers
// has no response the browser shows. The kit now listens from the start and asks the tag's
// URL itself, so it names the cause.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { diagnose } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const tag = readFileSync(new URL('../packages/tag/dist/audience-relay.js', import.meta.url), 'utf8');

let server: Server;
let site = '';
// The same server under another host name: another origin, as a CDN is (trial 9: the tag on the
// page's own origin needs no CORS, and loaded; the kit blamed the header all the same).
let cdn = '';
let tagUrl = (_dcs: string): string => '';
let csp = '';

test.beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/tag/audience-relay.js') {
      // A CDN that forgot the header deploying.md asks for: the browser refuses the tag.
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(tag);
      return;
    }
    const dcs = decodeURIComponent(req.url!.slice(1));
    res.writeHead(200, { 'Content-Type': 'text/html', ...(csp ? { 'Content-Security-Policy': csp } : {}) });
    res.end(`<!doctype html><title>QA</title><script data-src="${tagUrl(dcs)}">${snippet}</script>
<script>audienceRelay('config', { partner: 'acme', dcs: '${dcs}' });</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://qa-site.localhost:${(server.address() as AddressInfo).port}`;
  cdn = `http://qa-cdn.localhost:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test.beforeEach(() => {
  csp = '';
});

async function notLoaded(page: import('@playwright/test').Page, dcs: string): Promise<string> {
  await page.goto(`${site}/${encodeURIComponent(dcs)}`);
  await expect.poll(async () => (await diagnose(page)).reasons[0]?.code, { timeout: 15_000 }).toBe('tag-not-loaded');
  return (await diagnose(page)).summary;
}

test('a tag URL the DCS does not serve: the kit says HTTP 404', async ({ page, sites }) => {
  tagUrl = (dcs) => `${dcs}/v/0000000000000000/audience-relay.js`;
  expect(await notLoaded(page, sites.dcs.url)).toContain('the server answered HTTP 404');
});

test("the page's CSP refuses the tag: the kit says so", async ({ page, sites }) => {
  tagUrl = (dcs) => `${dcs}/audience-relay.js`;
  csp = "script-src 'self' 'unsafe-inline'";
  expect(await notLoaded(page, sites.dcs.url)).toContain("the page's Content-Security-Policy refused it");
});

test('a CDN serving the tag without Access-Control-Allow-Origin: the kit names the header', async ({ page, sites }) => {
  tagUrl = () => `${cdn}/tag/audience-relay.js`;
  expect(await notLoaded(page, sites.dcs.url)).toContain('without Access-Control-Allow-Origin');
});

// Trial 9: the tag on the page's own origin loads (no CORS needed there), but its debug tools,
// asked for next to it, get this server's HTML page: diagnose() in the page rejects naming the
// bundle. The kit said the tag did not load, for want of Access-Control-Allow-Origin.
test('the tag runs but its debug bundle does not load: the kit says so, not tag-not-loaded', async ({ page, sites }) => {
  tagUrl = () => `${site}/tag/audience-relay.js`;
  await page.goto(`${site}/${encodeURIComponent(sites.dcs.url)}`);
  await expect.poll(async () => (await diagnose(page)).reasons[0]?.code, { timeout: 15_000 }).toBe('debug-not-loaded');
  const { summary } = await diagnose(page);
  expect(summary).toContain('audience-relay-debug.js');
  expect(summary).toContain('The tag is running');
});
