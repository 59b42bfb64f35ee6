// Cookie destinations with a `dmn` (Domain=) reach every host of the publisher's site, but the
// record the tag removes them by (`ar_cd_<partner>`) is in one origin's localStorage. A visitor
// who withdraws consent on another host of the site (the CMP's choice is site-wide: its cookie
// is on the registrable domain) keeps the DCS's cookies there: the tag on that host has no
// record of them, and they still go to every server of the site with each request.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { tcString } from '@audience-relay/mock-dcs';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test, type Sites } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

type Fixtures = { page: Page; context: BrowserContext; sites: Sites };

async function withdrawOn(host: 'www' | 'shop', { page, context, sites }: Fixtures): Promise<void> {
  const server = createServer((req, res) => {
    const granted = !/consent=no/.test(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(`<!doctype html><html><head><meta charset="utf-8"></head><body>
<script>
  // A CMP stub whose choice is the site's (as a CMP's cookie on the registrable domain is).
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
  const www = `http://www.site7.localhost:${port}`;
  const shop = `http://shop.site7.localhost:${port}`;
  try {
    const config = sites.demo();
    config.partners.acme!.allowedOrigins = [...config.partners.acme!.allowedOrigins, www, shop];
    config.partners.acme!.cookieDestinations = [{ name: 'aud_seg', domain: '.site7.localhost', ttlDays: 30, key: 'seg', segments: { 5001: '5001' } }];
    sites.dcs.setConfig(config);

    await page.goto(`${www}/`);
    await expect(page).toHaveTitle(/^ready fresh/);
    await expect.poll(async () => (await context.cookies(shop)).map((c) => c.name)).toContain('aud_seg');

    // The visitor withdraws; the next page they see is on shop.
    await page.goto(`${host === 'www' ? www : shop}/?consent=no`);
    await expect(page).toHaveTitle('ready no-consent');
    await expect.poll(async () => (await context.cookies(shop)).map((c) => c.name), { timeout: 3000 }).not.toContain('aud_seg');
    // The site-wide record of it goes in the same clean-up.
    expect((await context.cookies(shop)).map((c) => c.name).filter((name) => name.startsWith('ar_cd_'))).toEqual([]);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

// Holds today (the control): the withdrawal on the host that wrote the cookie removes it.
test('consent withdrawn on the host that wrote it: the Domain= cookie destination is removed', async ({ page, context, sites }) => {
  await withdrawOn('www', { page, context, sites });
});

// Fixed in packages/tag/src/outputs/cookies.ts and cookie.ts: the Domain cookies a partner's DCS
// wrote are recorded site-wide too, in a cookie on that domain (`ar_cd_<partner>`,
// `name:domain|…`), which a withdrawal on any host reads. After the withdrawal on shop., the
// site's jar holds no `aud_seg` (it kept the DCS's segments for 30 days).
test('consent withdrawn on another host of the site: the DCS cookie destination written with Domain= is removed', async ({ page, context, sites }) => {
  await withdrawOn('shop', { page, context, sites });
});
