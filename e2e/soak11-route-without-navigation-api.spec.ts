// `autoPageView: true` promises "a page view (event call with the new URL) on every History API
// route change to a new path" (docs/config-reference.md; README: "on every History API
// change"). The tag hears a `history.pushState` only through the Navigation API's
// `currententrychange` (packages/tag/src/page.ts; `popstate` does not fire for pushState). The
// Navigation API shipped in Chrome 102, Safari 26.2 (2025-12-12) and Firefox 147 (2026-01-13);
// the README supports "Chrome/Edge 100+, Firefox 100+, Safari 15.4+". In those browsers
// without it (Firefox 100-146 and ESR 140, Safari 15.4-26.1: still a large share of iOS
// devices), a single-page app's route changes make no page view at all: the route's signals join the landing page's view, with no `d_url` of the new
// route, and nothing says so (no console message, diagnose silent). The pushState in Chromium
// is the same as theirs; only `window.navigation` is taken away, before any script of the page.
// Outside review (soak11).
// Fixed (session l) in packages/tag/src/page-views.ts (`follow`, called by relay.ts before each
// of the page's calls and `ready`): a route no watcher heard is its page view, which the call
// joins. Without the Navigation API a route with no call after it still makes no page view
// until the next call or a popstate (docs/config-reference.md says so).
import { expect, test } from './fixtures';

type Relay = (command: string, ...args: unknown[]) => Promise<{ status: string }>;

test('autoPageView without the Navigation API: a pushState route with signals gets its page view (d_url of the route)', async ({ page, sites }) => {
  await page.addInitScript(() => {
    // As in a browser that has no Navigation API.
    delete (window as unknown as { navigation?: unknown }).navigation;
    Object.defineProperty(window, 'navigation', { value: undefined, configurable: true });
  });
  await page.goto(`${sites.publisher.url}/spa/`);
  expect(await page.evaluate(() => (window as unknown as { navigation?: unknown }).navigation)).toBeUndefined();
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 15_000 }));
  const landingCalls = sites.dcs.requests().filter((r) => r.path.startsWith('/event')).length;
  await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
    history.pushState({}, '', '/spa/scores');
    await relay('signals', { c_seq: 'on-scores' });
    await relay('ready', { timeoutMs: 15_000 });
  });
  await expect.poll(() => sites.dcs.requests().some((r) => r.signals.c_seq?.[0] === 'on-scores'), { timeout: 15_000 }).toBe(true);
  const call = sites.dcs.requests().find((r) => r.signals.c_seq?.[0] === 'on-scores');
  // The route's values go with the route's page view: d_url is the new path.
  const dUrl = call?.path.split('?')[1]?.split('&').find((p) => p.startsWith('d_url='));
  expect(sites.dcs.requests().filter((r) => r.path.startsWith('/event')).length).toBeGreaterThan(landingCalls);
  // Before the fix: undefined (no page view; the signals went as a plain call of the landing view).
  expect(dUrl && decodeURIComponent(dUrl.slice('d_url='.length))).toBe(`${sites.publisher.url}/spa/scores`);
});

test('control: with the Navigation API the same route gets its page view', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/spa/`);
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 15_000 }));
  await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
    history.pushState({}, '', '/spa/scores');
    await relay('signals', { c_seq: 'on-scores' });
    await relay('ready', { timeoutMs: 15_000 });
  });
  await expect.poll(() => sites.dcs.requests().some((r) => r.signals.c_seq?.[0] === 'on-scores'), { timeout: 15_000 }).toBe(true);
  const call = sites.dcs.requests().find((r) => r.signals.c_seq?.[0] === 'on-scores');
  const dUrl = call?.path.split('?')[1]?.split('&').find((p) => p.startsWith('d_url='));
  expect(dUrl && decodeURIComponent(dUrl.slice('d_url='.length))).toBe(`${sites.publisher.url}/spa/scores`);
});
