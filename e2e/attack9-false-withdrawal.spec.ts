// attack9: withdrawal elsewhere is inferred from our segment cache (`ar_seg_<partner>`) being
// removed: a `storage` event for that key with no new value (another tab), or the entry gone on
// a back/forward-cache restore (relay.ts withdrawnElsewhere, onRestore; create.ts). But the
// site's own code removes localStorage entries too, with consent untouched: a logout page's
// `localStorage.clear()` (then Back), or a logout in another tab that removes the keys one by
// one (`Object.keys(localStorage).forEach(k => localStorage.removeItem(k))`, the idiom for
// "clear but keep X"). Either closes the open article's gate as a refusal: its segments leave
// GPT/Prebid/the cookie output, its device-ID copy and cookie destinations are erased, and
// every later call of the page is no-consent, though the CMP still says granted.
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { launchOptions } from '@audience-relay/testing';
import { expect, test, type Sites } from './fixtures';
import { servePages } from './page-server';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

async function site(sites: Sites, name: string, logout: string): Promise<{ origin: string; close(): Promise<void> }> {
  const article = `<!doctype html><meta charset="utf-8"><title>loading</title>
<script>
  window.__tcfapi = function (command, version, callback) {
    if (command !== 'addEventListener') return;
    callback({ eventStatus: 'tcloaded', gdprApplies: true, listenerId: 1, tcString: 'CP',
      purpose: { consents: { 1: true, 10: true } }, vendor: { consents: { 565: true } } }, true);
  };
</script>
<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>audienceRelay('config', ${JSON.stringify({ partner: 'acme', dcs: sites.dcs.url, timeoutMs: 5000, outputs: { cookie: { name: 'aud_seg', days: 30 } } })});
function segmentCookie() { return /(^|; )aud_seg=/.test(document.cookie) ? 'kept' : 'none'; }
audienceRelay('signals', { c_section: 'sports' });
audienceRelay('ready').then(function (r) { document.title = r.status + ' ' + r.segments.join(','); });
window.again = function () {
  audienceRelay('signals', { c_section: 'sports', c_page: '2' });
  return audienceRelay('ready', { timeoutMs: 4000 }).then(function (r) {
    return new Promise(function (done) { setTimeout(function () { done('again ' + r.status + ', cookie ' + segmentCookie()); }, 300); });
  });
};</script>`;
  const served = await servePages(sites, name);
  served.pages['/article.html'] = article;
  // The site's sign-out page: no tag, no CMP change; it empties the app's storage.
  served.pages['/logout.html'] = `<!doctype html><meta charset="utf-8"><title>signing out</title><script>${logout}; document.title = 'signed out';</script>`;
  return { origin: served.origin, close: () => served.close() };
}

// Not fixed (session j): on a restore the tag cannot tell a withdrawal in another tab (which it must not miss) from the site's own clear(); it errs on the side of privacy (docs/SECURITY.md, Known gaps). lead: fix in packages/tag/src/relay.ts (onRestore: cache.removed() is no proof of a withdrawal; e.g. look for a withdrawal record or re-ask the CMP on restore); expected: consent unchanged, the restored article's next call is answered fresh and the segment cookie stays
test.fail('a logout page clears localStorage, then Back: the restored article is not taken as withdrawn', async ({ sites }) => {
  const { origin, close } = await site(sites, 'site9a', 'localStorage.clear()');
  const browser = await chromium.launch({ ...launchOptions(), ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  try {
    const tab = await browser.newPage();
    await tab.goto(`${origin}/article.html`);
    await expect(tab).toHaveTitle(/^fresh 5001/);
    // The cache is written in the task after the answer.
    await expect.poll(() => tab.evaluate(() => localStorage.getItem('ar_seg_acme'))).not.toBeNull();
    await tab.goto(`${origin}/logout.html`);
    await expect(tab).toHaveTitle('signed out');
    await tab.evaluate(() => history.back());
    await expect.poll(() => tab.evaluate(() => typeof (window as unknown as { again?: unknown }).again), { timeout: 10000 }).toBe('function');
    // Restored from the cache (not reloaded): the page's first answer is still its title.
    expect(await tab.title()).toMatch(/^fresh 5001/);
    // On ffbc4a0: 'again no-consent, cookie none'.
    expect(await tab.evaluate(() => (window as unknown as { again(): Promise<string> }).again())).toBe('again fresh, cookie kept');
  } finally {
    await browser.close();
    await close();
  }
});

// Fixed (session j) in create.ts: the storage event heard is of a key the withdrawing tag writes and removes (ar_forgot_<partner>), never a removal the site makes.
test('a logout in another tab removes localStorage keys one by one: the open article is not taken as withdrawn', async ({ sites }) => {
  const { origin, close } = await site(sites, 'site9b', 'Object.keys(localStorage).forEach(function (k) { localStorage.removeItem(k); })');
  const browser = await chromium.launch(launchOptions());
  try {
    const context = await browser.newContext();
    const article = await context.newPage();
    await article.goto(`${origin}/article.html`);
    await expect(article).toHaveTitle(/^fresh 5001/);
    await expect.poll(() => article.evaluate(() => localStorage.getItem('ar_seg_acme'))).not.toBeNull();
    const other = await context.newPage();
    await other.goto(`${origin}/logout.html`);
    await expect(other).toHaveTitle('signed out');
    // On ffbc4a0: 'again no-consent, cookie none'.
    expect(await article.evaluate(() => (window as unknown as { again(): Promise<string> }).again())).toBe('again fresh, cookie kept');
  } finally {
    await browser.close();
    await close();
  }
});

// Holds today (control): a logout in another tab with localStorage.clear() (a storage event with
// no key) is not taken as a withdrawal.
test('a logout in another tab with localStorage.clear(): the open article keeps its consent', async ({ sites }) => {
  const { origin, close } = await site(sites, 'site9c', 'localStorage.clear()');
  const browser = await chromium.launch(launchOptions());
  try {
    const context = await browser.newContext();
    const article = await context.newPage();
    await article.goto(`${origin}/article.html`);
    await expect(article).toHaveTitle(/^fresh 5001/);
    await expect.poll(() => article.evaluate(() => localStorage.getItem('ar_seg_acme'))).not.toBeNull();
    const other = await context.newPage();
    await other.goto(`${origin}/logout.html`);
    await expect(other).toHaveTitle('signed out');
    expect(await article.evaluate(() => (window as unknown as { again(): Promise<string> }).again())).toBe('again fresh, cookie kept');
  } finally {
    await browser.close();
    await close();
  }
});
