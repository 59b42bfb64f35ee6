// @ts-check
// The SPA soak (issue 21): a single-page app with `autoPageView` changes route N times, each
// in its own task, while event calls are in flight. Every route change must reach the DCS as
// its own page view, in order, none merged or lost, with one iframe and a flat heap.
import { openSpaPage } from './spa-page.mjs';

/** The request log keeps the last 1000 calls: the soak stays under that to check every one. */
const MAX_ROUTES = 990;

/**
 * @param {{ routes?: number, intervalMs?: number }} [options]
 */
export async function spaSoak({ routes = 500, intervalMs = 10 } = {}) {
  if (!(routes >= 1 && routes <= MAX_ROUTES)) throw new RangeError(`routes: 1 to ${MAX_ROUTES}, got ${routes}`);
  const { dcs, page, pageErrors, close } = await openSpaPage();
  try {
    const first = dcs.requests().length;
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const heapBefore = await heap();
    const started = Date.now();
    await page.evaluate(
      async ({ routes, intervalMs }) => {
        for (let i = 0; i < routes; i++) {
          history.pushState({}, '', `/spa/r${i}`);
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
      },
      { routes, intervalMs },
    );
    // Every page view answered: the DCS has them all, or the tag reports what it lost.
    const deadline = Date.now() + 60_000 + routes * 50;
    while (dcs.requests().length < first + routes && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const ms = Date.now() - started;
    const views = dcs
      .requests()
      .slice(first)
      .map((call) => new URL(call.path, 'http://x').searchParams.get('d_url') ?? call.signals.d_url?.[0] ?? '')
      .map((url) => /\/spa\/(r\d+)$/.exec(url)?.[1] ?? url);
    const expected = Array.from({ length: routes }, (_, i) => `r${i}`);
    const snapshot = await page.evaluate(() => /** @type {any} */ (window).audienceRelay('snapshot'));
    const heapAfter = await heap();
    return {
      routes,
      intervalMs,
      pageViewsAtDcs: views.length,
      inOrder: JSON.stringify(views) === JSON.stringify(expected),
      droppedByTag: snapshot?.dropped ?? null,
      // Every route change either reached the DCS or was reported lost (QUEUE_FULL): none silently.
      accountedFor: views.length + (snapshot?.dropped ?? 0) === routes,
      iframes: await page.locator('iframe').count(),
      heapBeforeKB: Math.round(heapBefore / 1024),
      heapAfterKB: Math.round(heapAfter / 1024),
      heapGrowthKB: Math.round((heapAfter - heapBefore) / 1024),
      pageErrors: pageErrors.length,
      seconds: Math.round(ms / 100) / 10,
    };
  } finally {
    await close();
  }
}
