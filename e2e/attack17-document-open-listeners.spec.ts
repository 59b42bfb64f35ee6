// attack17 (outside review): document.open() erases every event listener of the document AND of
// its window (HTML: "erase all event listeners and handlers given document's relevant global
// object"), and the window, its globals and the tag survive it (an A/B-testing tool rewriting the
// page, an old-style page transition, an ad's late document.write: hostile-document-open.spec.ts).
// The tag's next call mounts a new frame and listens for its hello again, but the tag's other
// listeners on the window and document were never made again: the `storage` event by which it
// hears a consent withdrawal (or an opt-out) in another tab of the site, `pagehide` and
// `visibilitychange` (the page-hide flush), `pageshow` (back/forward-cache restores), `popstate`
// (route changes) and the CMP locator's `message` answers. The rewritten page then went on
// writing the segment cookie, and sending calls to the DCS, after the visitor withdrew consent.
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { launchOptions } from '@audience-relay/testing';
import { expect, test } from './fixtures';
import { servePages } from './page-server';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

test("consent withdrawn in another tab after the article rewrote itself (document.open): the article's next answer writes no segment cookie", async ({ sites }) => {
  const site = await servePages(sites, 'site17a');
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
window.rewrite = function () {
  document.open(); document.write('<!doctype html><title>rewritten</title><p>new content</p>'); document.close();
};
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
    await article.evaluate(() => (window as unknown as { rewrite(): void }).rewrite());
    await expect(article).toHaveTitle('rewritten');
    const settings = await context.newPage();
    await settings.goto(`${origin}/settings.html`);
    await expect(settings).toHaveTitle('no-consent, cookie none');
    // Before the fix: 'again fresh, cookie kept' (the withdrawal never heard).
    expect(await article.evaluate(() => (window as unknown as { again(): Promise<string> }).again())).toMatch(/^again no-consent, cookie none$/);
  } finally {
    await browser.close();
    await site.close();
  }
});
