// New-user trial 6: an SPA whose visitor moves on (a click, a redirect by the router) before the
// tag has arrived: on a slow network, or with the tag behind a busy CDN. The page called
// `config` and `signals` on its landing URL; the snippet queued them with their call time. When
// the tag arrives it replays them, and the first page view's event call carries the URL of that
// moment (`d_url` of the route the visitor moved to) with the landing page's signals: the
// landing page view is never reported, and its signals are attributed to another page. Seen
// once by chance on this machine (ready settled by the snippet's 1 s deadline, the page routed,
// the tag came later); here the tag is held until the page has routed.
// Cause: the relay takes the first page view's URL when it is created (relay.ts, `lastUrl`),
// which for a snippet-queued config is when the tag runs, not when the page called config.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const site = 'http://slow-tag.localhost';

// Fixed: the snippet records the page's URL with each queued call (snippet.js), and a queued
// `config`'s first page view takes it (install-global.ts, relay.ts).
test('the landing page view carries the landing URL, though the page routed before the tag arrived', async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  let releaseTag = (): void => {};
  const tagHeld = new Promise<void>((resolve) => (releaseTag = resolve));
  await page.route(`${sites.dcs.url}/audience-relay.js`, async (route) => {
    await tagHeld;
    await route.continue();
  });
  await page.route(`${site}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Landing</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}' }); audienceRelay('signals', { c_section: 'landing' });</script>`,
      ].join('\n'),
    }),
  );
  // The tag's async script holds the load event: the page is ready for its visitor before that.
  await page.goto(`${site}/landing`, { waitUntil: 'domcontentloaded' });
  // The visitor moves on (the SPA's router) while the tag is still on its way.
  await page.evaluate(() => history.pushState({}, '', '/elsewhere'));
  releaseTag();
  await expect.poll(() => sites.dcs.requests().length).toBeGreaterThan(0);
  const [first] = sites.dcs.requests();
  expect(first!.signals.c_section).toEqual(['landing']);
  expect(first!.signals.d_url).toEqual([`${site}/landing`]);
});

test('with autoPageView, the route the page moved to before the tag arrived gets its own page view, after the landing one', async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  let releaseTag = (): void => {};
  const tagHeld = new Promise<void>((resolve) => (releaseTag = resolve));
  await page.route(`${sites.dcs.url}/audience-relay.js`, async (route) => {
    await tagHeld;
    await route.continue();
  });
  await page.route(`${site}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Landing</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', autoPageView: true }); audienceRelay('signals', { c_section: 'landing' });</script>`,
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/landing`, { waitUntil: 'domcontentloaded' });
  await page.evaluate(() => history.pushState({}, '', '/elsewhere'));
  releaseTag();
  const calls = () => sites.dcs.requests().map((r) => ({ url: r.signals.d_url?.[0] ?? null, section: r.signals.c_section?.[0] ?? null }));
  await expect.poll(calls).toEqual([
    { url: `${site}/landing`, section: 'landing' },
    { url: `${site}/elsewhere`, section: null },
  ]);
});
