// trial9: the site-wide record of Domain= cookie destinations (`ar_cd_<partner>`), on a site
// served at its bare domain (site9.localhost, with shop.site9.localhost beside it; the DCS's
// `dmn` names the bare domain). clearCookieDestinations (packages/tag/src/cookie.ts) reads the
// record only for a domain strictly above the page's host, and the bare domain is never above
// itself: a withdrawal there leaves the destination shop. wrote (its segments go on to every
// server of the site for 30 days), and after the bare domain's own clean-up the record cookie
// stays. The unit case: packages/tag/test/outputs/trial9-site-record-apex.test.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { tcString } from '@audience-relay/mock-dcs';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test, type Sites } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

async function writeThenWithdraw(writer: 'apex' | 'shop', { page, context, sites }: { page: Page; context: BrowserContext; sites: Sites }): Promise<void> {
  const server = createServer((req, res) => {
    const granted = !/consent=no/.test(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(`<!doctype html><html><head><meta charset="utf-8"></head><body>
<script>
  window.__tcfapi = function (command, version, callback) {
    if (command !== 'addEventListener') return;
    callback({ eventStatus: 'tcloaded', gdprApplies: true, listenerId: 1, tcString: ${JSON.stringify(granted ? tcString({ purposes: [1, 2, 3, 4, 10], vendors: [565] }) : tcString({ purposes: [], vendors: [] }))},
      purpose: { consents: { 1: ${granted}, 10: ${granted} } }, vendor: { consents: { 565: ${granted} } } }, true);
  };
</script>
<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>
  audienceRelay('config', { partner: 'acme', dcs: ${JSON.stringify(sites.dcs.url)}, timeoutMs: 3000 });
  audienceRelay('signals', { c_section: 'sports' });
  audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { document.title = 'ready ' + r.status; });
</script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const apex = `http://site9.localhost:${port}`;
  const shop = `http://shop.site9.localhost:${port}`;
  try {
    const config = sites.demo();
    config.partners.acme!.allowedOrigins = [...config.partners.acme!.allowedOrigins, apex, shop];
    config.partners.acme!.cookieDestinations = [{ name: 'aud_seg', domain: 'site9.localhost', ttlDays: 30, key: 'seg', segments: { 5001: '5001' } }];
    sites.dcs.setConfig(config);

    await page.goto(`${writer === 'apex' ? apex : shop}/`);
    await expect(page).toHaveTitle(/^ready fresh/);
    await expect.poll(async () => (await context.cookies(apex)).map((c) => c.name)).toContain('aud_seg');
    // The visitor withdraws on the bare domain.
    await page.goto(`${apex}/?consent=no`);
    await expect(page).toHaveTitle('ready no-consent');
    const ours = async (): Promise<string[]> => (await context.cookies(apex)).map((c) => c.name).filter((name) => name === 'aud_seg' || name.startsWith('ar_cd_')).sort();
    await expect.poll(ours, { timeout: 3000 }).toEqual([]);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

// Fixed (session j) in cookie.ts clearCookieDestinations (the site's top host follows its own domain's entries; the record goes wherever it is).
test('written on shop., consent withdrawn on the bare domain: the Domain= cookie destination and its record are removed', async ({ page, context, sites }) => {
  await writeThenWithdraw('shop', { page, context, sites });
});

// Fixed (session j) in cookie.ts clearCookieDestinations (the site's top host follows its own domain's entries; the record goes wherever it is).
test('written and withdrawn on the bare domain: no record is left behind', async ({ page, context, sites }) => {
  await writeThenWithdraw('apex', { page, context, sites });
});
