// attack13: the boot call counted twice when the visitor switches tabs (or apps, on a phone)
// while the DCS frame is still loading.
//
// The tag mounts the frame with the first event call in its URL fragment (the boot call); the
// frame makes it as soon as its script runs. When the page is hidden (`visibilitychange`) before
// the frame said hello, event-calls.ts `flush()` takes that call back ("A boot call the frame
// never got to make (it never connected) goes first") and sends it as a keepalive beacon. But
// the frame is still in the page, loading, with the same fragment in its `src`: a hidden tab is
// not unloaded, so when frame.html arrives the frame makes the boot call from its URL as well.
// The DCS gets the page view and its signals twice (a POST beacon and the frame's GET): traits
// realized twice, frequency rules and page-view counts inflated. And the page never gets that
// answer: the frame connects, the tag has nothing left to ask (booting is null, the queue is
// empty, no call was ever answered), so `ready` runs out its deadline with `timeout` and no
// segments, though the DCS answered the frame.
//
// Fixed (event-calls.ts flush): the page still sends the boot call at once when it is hidden (it
// may never run again: attack14-boot-call-hidden-then-discarded), and asks the frame for its
// answer when it connects. The DCS may count that page view twice (at-least-once delivery, as
// after a frame's move); `ready` gets its segments.
//
// Headless Chromium cannot hide a tab (bringToFront, a minimized window, a second tab: the
// page stays `visible`), so the test stands in for the browser: before the snippet, the page's
// Document.prototype.visibilityState getter answers what the test says, and `tab(hidden)`
// fires `visibilitychange` as a tab switch does. Nothing else of the page is changed.
import { expect } from './fixtures';
import { test } from './hostile-lab';

test('hidden while the frame loads, then shown again: the first page view reaches the DCS (at least once), and ready gets its segments', async ({ openLab, page, sites }) => {
  // frame.html is slow (a slow edge, a mobile network): it arrives after the visitor switched away.
  let release = (): void => {};
  const frameArrives = new Promise<void>((resolve) => (release = resolve));
  let requested = '';
  await page.route('**/frame.html*', async (route) => {
    requested = route.request().url();
    await frameArrives;
    await route.continue();
  });
  const lab = await openLab({
    waitUntil: 'domcontentloaded',
    config: { connectTimeoutMs: 20000 },
    hostile: `var hidden = false;
      Object.defineProperty(Document.prototype, 'visibilityState', { get: function () { return hidden ? 'hidden' : 'visible'; }, configurable: true });
      window.tab = function (h) { hidden = h; document.dispatchEvent(new Event('visibilitychange')); };`,
    calls: `audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 12000 }).then(function (r) {
        report('ready ' + r.status + ' ' + (r.error ? r.error.code : '-') + ' ' + r.segments.join(','));
      });`,
  });
  // The frame is mounted (its request waits), with the boot call in its URL.
  await expect.poll(() => requested, { timeout: 5000 }).toContain('/frame.html');
  await page.evaluate(() => (window as unknown as { tab(h: boolean): void }).tab(true));
  // The page may never run again: the page view goes at once, as a beacon (attack14).
  await expect.poll(() => sites.dcs.requests().map((r) => r.method), { timeout: 5000 }).toEqual(['POST']);
  // frame.html arrives while the tab is hidden: the frame makes the boot call from its URL too.
  release();
  await expect.poll(() => sites.dcs.requests().map((r) => r.method), { timeout: 10000 }).toEqual(['POST', 'GET']);
  // The visitor comes back a little later.
  await page.evaluate(() => (window as unknown as { tab(h: boolean): void }).tab(false));
  const ready = await lab.reported(/^ready /);
  // At least once (twice here: the page's beacon and the frame's boot call), never lost; and the
  // boot call's answer is the page's (main, before the fix: 'ready timeout CALL_TIMEOUT ').
  expect(ready).toMatch(/^ready fresh - 5001/);
  expect(sites.dcs.requests().filter((r) => r.signals.c_section?.[0] === 'sports')).toHaveLength(2);
  expect(lab.ourErrors()).toEqual([]);
});
