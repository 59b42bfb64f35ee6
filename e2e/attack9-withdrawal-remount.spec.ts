// attack9: consent withdrawn in another tab is heard by the open article (a `storage` event for
// our segment cache) and closes its gate; its CMP's stale grant given again is not a new choice
// (relay.ts `overruled`/`stale`). Both live in that one relay. An app that re-creates its relay
// (React StrictMode and route remounts: `destroy` then `config`, which commands.ts supports for
// this) gets a new relay that asks the same stale CMP, is granted, and stores again: the
// device-ID copy, the segment cache and the segment cookie come back, and calls go to the DCS,
// after the visitor withdrew.
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { launchOptions } from '@audience-relay/testing';
import { expect, test } from './fixtures';
import { servePages } from './page-server';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

// Fixed (session j) in consent/gate.ts and create.ts: the overruled reading is kept for the page, and a relay configured again starts from it, refused.
test('consent withdrawn in another tab, then the app re-creates its relay: nothing is stored again', async ({ sites }) => {
  const site = await servePages(sites, 'site9d');
  const { pages, origin } = site;
  const relayConfig = JSON.stringify({ partner: 'acme', dcs: sites.dcs.url, timeoutMs: 5000, outputs: { cookie: { name: 'aud_seg', days: 30 } } });
  const page = (granted: boolean, calls: string): string => `<!doctype html><meta charset="utf-8"><title>loading</title>
<script>
  window.__tcfapi = function (command, version, callback) {
    if (command !== 'addEventListener') return;
    callback({ eventStatus: 'tcloaded', gdprApplies: true, listenerId: 1, tcString: 'CP',
      purpose: { consents: { 1: ${granted}, 10: ${granted} } }, vendor: { consents: { 565: ${granted} } } }, true);
  };
</script>
<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>audienceRelay('config', ${relayConfig});
function segmentCookie() { return /(^|; )aud_seg=/.test(document.cookie) ? 'kept' : 'none'; }
${calls}</script>`;
  pages['/article.html'] = page(true, `audienceRelay('signals', { c_section: 'sports' });
audienceRelay('ready').then(function (r) { document.title = r.status + ' ' + r.segments.join(','); });
window.remount = function () {
  audienceRelay('destroy');
  audienceRelay('config', ${relayConfig});
  audienceRelay('signals', { c_section: 'sports', c_page: '2' });
  return audienceRelay('ready', { timeoutMs: 4000 }).then(function (r) {
    return new Promise(function (done) { setTimeout(function () { done('remounted ' + r.status + ', cookie ' + segmentCookie() + ', cache ' + (localStorage.getItem('ar_seg_acme') ? 'kept' : 'none')); }, 500); });
  });
};`);
  pages['/settings.html'] = page(false, `audienceRelay('ready').then(function (r) { document.title = r.status + ', cookie ' + segmentCookie(); });`);
  const browser = await chromium.launch(launchOptions());
  try {
    const context = await browser.newContext();
    const article = await context.newPage();
    await article.goto(`${origin}/article.html`);
    await expect(article).toHaveTitle(/^fresh 5001/);
    await expect.poll(async () => (await context.cookies(origin)).some((c) => c.name === 'aud_seg')).toBe(true);
    const settings = await context.newPage();
    await settings.goto(`${origin}/settings.html`);
    await expect(settings).toHaveTitle('no-consent, cookie none');
    // The article heard it (control: its own next call is refused today).
    await expect.poll(() => article.evaluate(() => (window as unknown as { audienceRelay(...a: unknown[]): Promise<{ status: string }> }).audienceRelay('ready', { timeoutMs: 500 }).then((r) => r.status)), { timeout: 5000 }).toBe('no-consent');
    // On ffbc4a0: 'remounted fresh, cookie kept, cache kept'.
    expect(await article.evaluate(() => (window as unknown as { remount(): Promise<string> }).remount())).toBe('remounted no-consent, cookie none, cache none');
  } finally {
    await browser.close();
    await site.close();
  }
});
