// review8: a config queued before the tag keeps the landing URL (snippet.js records
// `location.href` with every queued call; install-global.ts passes it to `config` only). With
// autoPageView, the route the page moved to before the tag arrived gets its own page view, after
// the landing one (landing-url-slow-tag.spec.ts). But the signals the router gave for that route
// (queued after the pushState, with the route's URL recorded beside them) are replayed in the
// same task as the landing page view and join it: the article's signals are reported with the
// landing URL, and the article's page view has none. The URL the snippet recorded with them is
// there to tell them apart.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test, type Sites } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const site = 'http://slow-tag-r8.localhost';

type Relay = (...a: unknown[]) => Promise<unknown>;

/**
 * The landing page with autoPageView and its signals, its tag held back; `route` runs in the page
 * (the router moving on) before the tag is let through. The calls the DCS got, in order.
 */
async function routedBeforeTag({ page, sites }: { page: Page; sites: Sites }, route: () => void): Promise<Array<{ url: string | null; section: string | null; article: string | null }>> {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  let releaseTag = (): void => {};
  const tagHeld = new Promise<void>((resolve) => (releaseTag = resolve));
  await page.route(`${sites.dcs.url}/audience-relay.js`, async (r) => {
    await tagHeld;
    await r.continue();
  });
  await page.route(`${site}/**`, (r) =>
    r.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Landing</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', autoPageView: true }); audienceRelay('signals', { c_section: 'landing' });</script>`,
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/landing`, { waitUntil: 'domcontentloaded' });
  await page.evaluate(route);
  releaseTag();
  await expect.poll(() => sites.dcs.requests().length).toBeGreaterThanOrEqual(2);
  // Settled: a later ready has waited for every call made before it.
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 5000 }));
  return sites.dcs.requests().map((r) => ({ url: r.signals.d_url?.[0] ?? null, section: r.signals.c_section?.[0] ?? null, article: r.signals.c_article?.[0] ?? null }));
}

// Fixed (session j) in commands.ts (`route`) and install-global.ts: the replay tells the runner
// the URL each queued call was made on; a new route starts its page view. (Was: not fixed,
// session i; low: only with autoPageView, for calls queued on a route taken before the tag came.)
test("with autoPageView, the signals given on the route taken before the tag arrived go with that route's page view, not the landing one", async ({ page, sites }) => {
  // The router moves on and gives the new route's signals, while the tag is still on its way.
  const calls = await routedBeforeTag({ page, sites }, () => {
    history.pushState({}, '', '/article');
    void (window as unknown as { audienceRelay: Relay }).audienceRelay('signals', { c_article: 'a1' });
  });
  expect(calls).toEqual([
    { url: `${site}/landing`, section: 'landing', article: null },
    { url: `${site}/article`, section: null, article: 'a1' },
  ]);
});

test("with autoPageView, a page view the page queued itself on that route is that route's page view: no second one", async ({ page, sites }) => {
  const calls = await routedBeforeTag({ page, sites }, () => {
    history.pushState({}, '', '/article');
    const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
    void relay('pageView');
    void relay('signals', { c_article: 'a1' });
  });
  expect(calls).toEqual([
    { url: `${site}/landing`, section: 'landing', article: null },
    { url: `${site}/article`, section: null, article: 'a1' },
  ]);
});
