// review8: the frame remembers an opt-out in its storage, one for every host of the site
// (frame main.ts, key `optout`), but reads it once, when it starts. A page of shop. already
// open when the visitor opts out on www. (another tab) keeps its frame, which keeps calling
// the DCS with that page's signals for the page's life: its tag has no marker (shop.'s
// localStorage), and the frame never looks again. On www. itself an open tab stops at its next
// call (relay.ts optedOutElsewhere reads the marker). Where third-party cookies are blocked the
// DCS has no NOTARGET cookie to refuse them either.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { launchOptions } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const PORT = 47411;

// Fixed (session i) in packages/frame/src/main.ts (read the remembered opt-out at each call, or listen for its storage event): expected: after the opt-out on www., the open shop. page's next call reaches no DCS and its ready settles opted-out
test('opted out on www. in another tab: the shop. page already open sends no more calls', async ({ sites }) => {
  const options = launchOptions();
  const browser = await chromium.launch({ ...options, args: [...(options.args ?? []), '--host-resolver-rules=MAP *.pub7.com 127.0.0.1, EXCLUDE localhost'] });
  const context = await browser.newContext();
  const server = createServer((req, res) => {
    const optOut = /optout/.test(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(`<!doctype html><html><head><meta charset="utf-8"></head><body>
<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>
  audienceRelay('config', { partner: 'acme', dcs: ${JSON.stringify(sites.dcs.url)}, timeoutMs: 3000 });
  ${optOut ? "audienceRelay('optOut').then(function () { document.title = 'opted out'; });" : "audienceRelay('signals', { c_section: 'sports' }); audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { document.title = 'ready ' + r.status; });"}
</script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
  const www = `http://www.pub7.com:${PORT}`;
  const shop = `http://shop.pub7.com:${PORT}`;
  try {
    const config = sites.demo();
    config.partners.acme!.allowedOrigins = [...config.partners.acme!.allowedOrigins, www, shop];
    sites.dcs.setConfig(config);
    const shopTab = await context.newPage();
    await shopTab.goto(`${shop}/`);
    await expect(shopTab).toHaveTitle('ready fresh');

    const wwwTab = await context.newPage();
    await wwwTab.goto(`${www}/optout`);
    await expect(wwwTab).toHaveTitle('opted out');

    const before = sites.dcs.requests().length;
    await shopTab.evaluate(() => {
      const relay = (window as unknown as { audienceRelay: (...a: unknown[]) => Promise<{ status: string }> }).audienceRelay;
      void relay('signals', { c_after: 'optout' });
      void relay('ready', { timeoutMs: 3000 }).then((r) => (document.title = `after ${r.status}`));
    });
    await expect(shopTab).toHaveTitle(/^after /);
    expect({
      title: await shopTab.title(),
      // Any event call: the DCS's log shows no signals for a device with its NOTARGET cookie
      // (third-party cookies allowed here), though the request carried them.
      dcsCallsAfterOptOut: sites.dcs.requests().length - before,
    }).toEqual({ title: 'after opted-out', dcsCallsAfterOptOut: 0 });
  } finally {
    await browser.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
