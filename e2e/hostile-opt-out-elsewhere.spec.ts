// What an opt-out or a refusal leaves behind when it happens on another page than the one that
// wrote the targeting (outside review, branch attack3). The tag clears "our storage and
// targeting" in forget(), and forget() clears the outputs only when the page already has
// segments (`if (latest) update(noSegments())`), and runs only on a grant withdrawn within the
// page. So, on a site whose article pages write the segment cookie output (`aud_seg`, read by
// server-side ad requests for 30 days) or get cookie destinations:
// - the visitor opts out on the site's privacy page, whose relay has no segments yet: the
//   segment cookie of the article stays (ready says opted-out, the ad server still targets);
// - the visitor refuses consent, and the next page loads with the refusal: nothing of ours is
//   removed (device-ID copy, segment cache, cookie destinations);
// - the visitor opts out on the privacy page after its segments came (the cookie is cleared
//   there), then presses Back: the article comes back from the back/forward cache and its
//   restore hands the old segments out again (relay.ts onRestore) to the outputs and the
//   listeners, and getSegments() says them, for an opted-out visitor (the page's GPT targeting
//   stays too, and a slot refreshed on restore carries it).
// Fixed: forget() removes the segment cookie output by its name whether or not this page has
// segments (create.ts clearCookies); a gate that starts closed forgets too, once; a restore looks
// at the opt-out marker first, as a call does: optedOutElsewhere() (relay.ts).
// Playwright turns the back/forward cache off (--disable-back-forward-cache): the restore test
// launches its own Chromium without that switch, and goes back with history.back().
import { readFileSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { launchOptions } from '@audience-relay/testing';
import { expect, test, type Sites } from './fixtures';
import { servePages, type ServedSite } from './page-server';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

/** A site of two pages with the tag: an article (its segments in the title) and a privacy page. */
async function startSite(sites: Sites, optOut: string): Promise<{ origin: string; server: ServedSite }> {
  const server = await servePages(sites, 'site');
  const { origin, pages } = server;
  const tag = (calls: string): string => `<!doctype html><meta charset="utf-8"><title>loading</title>
<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>audienceRelay('config', ${JSON.stringify({ partner: 'acme', dcs: sites.dcs.url, timeoutMs: 5000, outputs: { cookie: { name: 'aud_seg', days: 30 } } })});
function segmentCookie() { return /(^|; )aud_seg=/.test(document.cookie) ? 'kept' : 'none'; }
${calls}</script>`;
  pages['/article.html'] = tag(`audienceRelay('signals', { c_section: 'sports', p_age: 23 });
audienceRelay('ready').then(function (r) { document.title = r.status + ' ' + r.segments.join(','); });
addEventListener('pageshow', function (event) {
  if (!event.persisted) return;
  // A task later, when every pageshow listener has run (the tag's is registered once its script
  // has loaded, after this one).
  setTimeout(function () {
    audienceRelay('getSegments').then(function (s) { document.title = 'restored [' + s.join(',') + '] cookie ' + segmentCookie(); });
  });
});`);
  pages['/privacy.html'] = tag(`${optOut}.then(function () { document.title = 'opted out, cookie ' + segmentCookie(); });`);
  return { origin, server };
}

/** The article has its segments, and its segment cookie (the outputs bundle loads on demand, then writes it). */
async function articleDone(page: Page, context: BrowserContext): Promise<void> {
  await expect(page).toHaveTitle('fresh 5001,5002');
  await expect.poll(async () => (await context.cookies(page.url())).find((c) => c.name === 'aud_seg')?.value).toBe('5001|5002');
}

const close = (server: ServedSite): Promise<void> => server.close();

test("an opt-out on the site's privacy page, before that page has segments, removes the segment cookie an article wrote", async ({ sites, page, context }) => {
  const { origin, server } = await startSite(sites, `audienceRelay('optOut')`);
  try {
    await page.goto(`${origin}/article.html`);
    await articleDone(page, context);
    await page.goto(`${origin}/privacy.html`);
    // Today: 'opted out, cookie kept' (aud_seg=5001|5002, for 30 days of server-side ad requests).
    await expect(page).toHaveTitle(/^opted out, cookie /);
    expect(await page.title()).toBe('opted out, cookie none');
  } finally {
    await close(server);
  }
});

test('a page loading with consent refused removes what an earlier page stored with consent', async ({ sites, page, context }) => {
  const ours = async (): Promise<string[]> => {
    const cookies = (await context.cookies(page.url())).map((c) => c.name);
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('ar_')));
    return [...cookies, ...stored].sort();
  };
  await page.goto(`${sites.publisher.url}/consent/?cmp=given`);
  await expect.poll(ours).toEqual(['ar_cd_acme', 'ar_cd_acme', 'ar_seg_acme', 'ar_uuid_acme', 'aud_seg']);
  // The visitor changed their choice in the CMP; the next page loads with the refusal.
  await page.goto(`${sites.publisher.url}/consent/?cmp=refused`);
  await expect(page.getByTestId('status')).toHaveText('no-consent');
  // Today: all four still there (aud_seg, a cookie destination, goes with every request to the site).
  expect(await ours()).toEqual([]);
});

test('a page restored from the back/forward cache after an opt-out writes no segment cookie and says no segments', async ({ sites }) => {
  // The privacy page opts out once its own segments came, so it clears the cookie itself.
  const { origin, server } = await startSite(sites, `audienceRelay('ready').then(function () { return audienceRelay('optOut'); })`);
  const browser = await chromium.launch({ ...launchOptions(), ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/article.html`);
    await articleDone(page, page.context());
    await page.goto(`${origin}/privacy.html`);
    await expect(page).toHaveTitle('opted out, cookie none');
    await page.evaluate(() => history.back());
    // The article comes back from the cache (a reload would say 'opted-out', not 'restored').
    await expect(page).toHaveTitle(/^restored /, { timeout: 10000 });
    // Before the fix: 'restored [5001,5002] cookie none' (the cookie output skips a value it wrote before).
    expect(await page.title()).toBe('restored [] cookie none');
  } finally {
    await browser.close();
    await close(server);
  }
});
