// attack14: a page view lost when the page is hidden while the DCS frame is still loading,
// and then never runs again without a `pagehide` (a backgrounded tab frozen and discarded, a
// phone's browser killed in the background: the usual end of a mobile page).
//
// Since 1758b82 (event-calls.ts flush(unloading)), a page only hidden (`visibilitychange`)
// leaves the boot call to the frame, and only `pagehide` beacons it. But `visibilitychange`
// to hidden is, as page.ts says itself, "the last event a page reliably gets": a frozen then
// discarded tab, or a renderer killed in the background, gets no `pagehide`. The frame (still
// loading: a slow edge, a mobile network) never makes the boot call, and the page never sent
// it: the DCS never hears of the page view. Before 1758b82 it went out as a beacon at hidden.
//
// Fixed: the boot call goes at once when the page is hidden, and its answer is still asked for
// when the frame connects (event-calls.ts flush; at-least-once, as attack13's spec shows).
//
// Headless Chromium cannot hide a tab: as in attack13-boot-call-hidden-tab.spec.ts, the page's
// visibilityState getter answers what the test says and `tab(true)` fires `visibilitychange`.
// The discard is CDP's: Page.setWebLifecycleState frozen (the browser's freeze), then
// Page.crash (the renderer gone without unload events, as a discard or an OOM kill).
import { expect } from './fixtures';
import { test } from './hostile-lab';

test('hidden while the frame loads, then frozen and discarded (no pagehide): the page view still reaches the DCS', async ({ openLab, page, sites }) => {
  let requested = '';
  // frame.html is slow: it has not arrived when the visitor leaves.
  await page.route('**/frame.html*', async (route) => {
    requested = route.request().url();
    await new Promise((resolve) => setTimeout(resolve, 8000));
    await route.abort().catch(() => {});
  });
  await openLab({
    waitUntil: 'domcontentloaded',
    config: { connectTimeoutMs: 30000 },
    hostile: `var hidden = false;
      Object.defineProperty(Document.prototype, 'visibilityState', { get: function () { return hidden ? 'hidden' : 'visible'; }, configurable: true });
      window.tab = function (h) { hidden = h; document.dispatchEvent(new Event('visibilitychange')); };`,
    calls: `audienceRelay('signals', { c_section: 'sports' });`,
  });
  await expect.poll(() => requested, { timeout: 5000 }).toContain('/frame.html');
  // The visitor switches away (tab or app switch): the last event this page gets.
  await page.evaluate(() => (window as unknown as { tab(h: boolean): void }).tab(true));
  console.error('hidden');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  console.error('frozen');
  await new Promise((resolve) => setTimeout(resolve, 500));
  // Discarded: the renderer goes, no pagehide.
  void cdp.send('Page.crash').catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 2000));
  console.error('crashed');
  const pageViews = sites.dcs.requests().filter((r) => r.signals.c_section?.[0] === 'sports');
  // main: 0 (before 1758b82: 1, the boot call's beacon at visibilitychange).
  expect(pageViews, 'the page view reaches the DCS').toHaveLength(1);
});
