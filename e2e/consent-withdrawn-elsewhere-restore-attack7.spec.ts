// The back/forward cache and a consent withdrawn on another page of the site (attack3 fixed
// the same for an opt-out: hostile-opt-out-elsewhere.spec.ts). The visitor reads an article
// (consent granted: segments, the segment cookie output written), goes to another page of the
// site and withdraws consent there (that page's tag removes our cookie and storage), then
// presses Back. The article comes back from the cache with its CMP's old answer in memory (a
// CMP does not re-read its choice on pageshow), and the tag's restore hands its old segments
// to the outputs again (relay.ts onRestore: only the opt-out marker is looked at).
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { launchOptions } from '@audience-relay/testing';
import { expect, test } from './fixtures';
import { servePages } from './page-server';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

// Fixed in packages/tag/src/relay.ts (optedOutElsewhere, which onRestore and every call ask) and
// device-id-copy.ts (`removed`): a restore must not re-apply segments when
// consent was withdrawn elsewhere meanwhile (e.g. our segment cache, which only a withdrawal or
// an opt-out removes, is gone: treat that as the marker is treated). Expected: the restored
// article writes no segment cookie; today the cookie comes back for 30 days of server-side ads.
test('consent withdrawn on another page, then Back: the restored article writes no segment cookie', async ({ sites }) => {
  const site = await servePages(sites, 'site7b');
  const { pages, origin } = site;
  const page = (granted: boolean, calls: string): string => `<!doctype html><meta charset="utf-8"><title>loading</title>
<script>
  window.__tcfapi = function (command, version, callback) {
    if (command !== 'addEventListener') return;
    callback({ eventStatus: 'tcloaded', gdprApplies: true, listenerId: 1, tcString: 'CP',
      purpose: { consents: { 1: ${granted}, 10: ${granted} } }, vendor: { consents: { 565: ${granted} } } }, true);
  };
</script>
<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>audienceRelay('config', ${JSON.stringify({ partner: 'acme', dcs: sites.dcs.url, timeoutMs: 5000, outputs: { cookie: { name: 'aud_seg', days: 30 } } })});
function segmentCookie() { return /(^|; )aud_seg=/.test(document.cookie) ? 'kept' : 'none'; }
${calls}</script>`;
  pages['/article.html'] = page(true, `audienceRelay('signals', { c_section: 'sports' });
audienceRelay('ready').then(function (r) { document.title = r.status + ' ' + r.segments.join(','); });
addEventListener('pageshow', function (event) {
  if (!event.persisted) return;
  setTimeout(function () { setTimeout(function () { document.title = 'restored cookie ' + segmentCookie(); }, 300); });
});`);
  pages['/settings.html'] = page(false, `audienceRelay('ready').then(function (r) { document.title = r.status + ', cookie ' + segmentCookie(); });`);
  const browser = await chromium.launch({ ...launchOptions(), ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  try {
    const tab = await browser.newPage();
    await tab.goto(`${origin}/article.html`);
    await expect(tab).toHaveTitle(/^fresh 5001/);
    await expect.poll(async () => (await tab.context().cookies(origin)).some((c) => c.name === 'aud_seg')).toBe(true);
    await tab.goto(`${origin}/settings.html`);
    await expect(tab).toHaveTitle('no-consent, cookie none');
    await tab.evaluate(() => history.back());
    await expect(tab).toHaveTitle(/^restored /, { timeout: 10000 });
    expect(await tab.title()).toBe('restored cookie none');
  } finally {
    await browser.close();
    await site.close();
  }
});

// The same without the cache: the article stays open in one tab while the visitor withdraws in
// another (that tab's tag removes our cookie, cache and device-ID copy: a `storage` event in
// this tab). This tab's CMP keeps its old answer, and its next call's answer writes the segment
// cookie again (and the segment cache and device-ID copy).
// Fixed in packages/tag/src/relay.ts (as above: our records removed by another tab, seen as
// a `storage` event, count as a withdrawal elsewhere). Expected: no segment cookie after it.
test('consent withdrawn in another tab: the open article\'s next answer writes no segment cookie', async ({ sites }) => {
  const site = await servePages(sites, 'site7c');
  const { pages, origin } = site;
  const page = (granted: boolean, calls: string): string => `<!doctype html><meta charset="utf-8"><title>loading</title>
<script>
  window.__tcfapi = function (command, version, callback) {
    if (command !== 'addEventListener') return;
    callback({ eventStatus: 'tcloaded', gdprApplies: true, listenerId: 1, tcString: 'CP',
      purpose: { consents: { 1: ${granted}, 10: ${granted} } }, vendor: { consents: { 565: ${granted} } } }, true);
  };
</script>
<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>audienceRelay('config', ${JSON.stringify({ partner: 'acme', dcs: sites.dcs.url, timeoutMs: 5000, outputs: { cookie: { name: 'aud_seg', days: 30 } } })});
function segmentCookie() { return /(^|; )aud_seg=/.test(document.cookie) ? 'kept' : 'none'; }
${calls}</script>`;
  pages['/article.html'] = page(true, `audienceRelay('signals', { c_section: 'sports' });
audienceRelay('ready').then(function (r) { document.title = r.status + ' ' + r.segments.join(','); });
window.again = function () {
  audienceRelay('signals', { c_section: 'sports', c_page: '2' });
  return audienceRelay('ready', { timeoutMs: 4000 }).then(function (r) {
    return new Promise(function (done) { setTimeout(function () { done('again ' + r.status + ', cookie ' + segmentCookie()); }, 500); });
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
    const again = await article.evaluate(() => (window as unknown as { again(): Promise<string> }).again());
    expect(again).toMatch(/, cookie none$/);
  } finally {
    await browser.close();
    await site.close();
  }
});
