// attack9: a withdrawal on another page of the site is heard by the open article only as our
// segment cache (`ar_seg_<partner>`) being removed (create.ts forgottenElsewhere; relay.ts
// onRestore: cache.removed()). With the cache off (`cacheMaxAgeMs: 0`, a documented option),
// on the page that withdraws or on both, there is no such entry: nothing is removed, nothing is
// heard, and the open article, whose CMP keeps its stale grant, writes the segment cookie again
// with its next answer (the attack7 case the storage event closed, back for these configs).
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { launchOptions } from '@audience-relay/testing';
import { expect, test } from './fixtures';
import { servePages } from './page-server';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

const cases: Array<[string, number | undefined, number | undefined]> = [
  ['both pages without the cache', 0, 0],
  ['the settings page without the cache', undefined, 0],
];
for (const [name, articleCache, settingsCache] of cases) {
  // Fixed (session j) in create.ts/relay.ts: the withdrawing tag writes and removes a key of its own (ar_forgot_<partner>), whose storage event the other pages hear, cache or not.
  test(`consent withdrawn in another tab, ${name}: the open article's next answer writes no segment cookie`, async ({ sites }) => {
    const site = await servePages(sites, 'site9f');
    const { pages, origin } = site;
    const page = (granted: boolean, cacheMaxAgeMs: number | undefined, calls: string): string => `<!doctype html><meta charset="utf-8"><title>loading</title>
<script>
  window.__tcfapi = function (command, version, callback) {
    if (command !== 'addEventListener') return;
    callback({ eventStatus: 'tcloaded', gdprApplies: true, listenerId: 1, tcString: 'CP',
      purpose: { consents: { 1: ${granted}, 10: ${granted} } }, vendor: { consents: { 565: ${granted} } } }, true);
  };
</script>
<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>audienceRelay('config', ${JSON.stringify({ partner: 'acme', dcs: sites.dcs.url, timeoutMs: 5000, ...(cacheMaxAgeMs === undefined ? {} : { cacheMaxAgeMs }), outputs: { cookie: { name: 'aud_seg', days: 30 } } })});
function segmentCookie() { return /(^|; )aud_seg=/.test(document.cookie) ? 'kept' : 'none'; }
${calls}</script>`;
    pages['/article.html'] = page(true, articleCache, `audienceRelay('signals', { c_section: 'sports' });
audienceRelay('ready').then(function (r) { document.title = r.status + ' ' + r.segments.join(','); });
window.again = function () {
  audienceRelay('signals', { c_section: 'sports', c_page: '2' });
  return audienceRelay('ready', { timeoutMs: 4000 }).then(function (r) {
    return new Promise(function (done) { setTimeout(function () { done('again ' + r.status + ', cookie ' + segmentCookie()); }, 500); });
  });
};`);
    pages['/settings.html'] = page(false, settingsCache, `audienceRelay('ready').then(function (r) { document.title = r.status + ', cookie ' + segmentCookie(); });`);
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
      // On ffbc4a0: 'again fresh, cookie kept'.
      expect(await article.evaluate(() => (window as unknown as { again(): Promise<string> }).again())).toMatch(/, cookie none$/);
    } finally {
      await browser.close();
      await site.close();
    }
  });
}
