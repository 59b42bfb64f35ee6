// @ts-check
// The tag under calls made while one event call is in flight (a slow DCS), in real Chromium
// against mock-dcs: values given in separate tasks under one key, page views (explicit and
// SPA route changes), signals given in the same tick as a page view, and then more calls than
// the queue holds. Checks that every value and page view reached the DCS, in order, none merged
// away, and that what the queue could not hold was reported (snapshot().dropped), not lost.
//   npm run build && node bench/tag-in-flight-check.mjs
import { pathToFileURL } from 'node:url';
import { openSpaPage } from './spa-page.mjs';

/** @param {{ sameKeyValues?: number, routes?: number, overflow?: number, latencyMs?: number }} [options] */
export async function tagInFlightCheck({ sameKeyValues = 20, routes = 10, overflow = 130, latencyMs = 1500 } = {}) {
  const { dcs, page, pageErrors, close } = await openSpaPage();
  try {
    const calls = () => dcs.requests().filter((r) => r.status === 200);
    const signal = (/** @type {{ signals: Record<string, string[]> }} */ r, /** @type {string} */ key) => r.signals[key] ?? [];

    // Phase 1: one call in flight for latencyMs; meanwhile, each in its own task: values under
    // one key, route changes, explicit page views, and a signal in the same tick as a page view.
    const before = calls().length;
    dcs.injectFault({ count: 1, latencyMs });
    await page.evaluate(
      async ({ sameKeyValues, routes }) => {
        const relay = /** @type {any} */ (window).audienceRelay;
        const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
        relay('signals', { c_k: 'v0' }); // goes out, and stays in flight
        await tick();
        for (let i = 1; i <= sameKeyValues; i++) {
          relay('signals', { c_k: `v${i}` });
          await tick();
        }
        for (let i = 0; i < routes; i++) {
          history.pushState({}, '', `/spa/r${i}`);
          await tick();
        }
        relay('signals', { c_with_view: 'yes' });
        relay('pageView', { url: `${location.origin}/spa/explicit` });
        await tick();
      },
      { sameKeyValues, routes },
    );
    const expectedPhase1 = 1 + sameKeyValues + routes + 1;
    const deadline1 = Date.now() + latencyMs + 30_000;
    while (calls().length < before + expectedPhase1 && Date.now() < deadline1) await new Promise((resolve) => setTimeout(resolve, 50));
    const phase1 = calls().slice(before);
    const kValues = phase1.flatMap((r) => signal(r, 'c_k'));
    const views = phase1.map((r) => signal(r, 'd_url')[0] ?? '').filter(Boolean).map((url) => new URL(url).pathname);
    const withView = phase1.find((r) => signal(r, 'c_with_view').length > 0);
    const snapshot1 = await page.evaluate(() => /** @type {any} */ (window).audienceRelay('snapshot'));

    // Phase 2: more calls than the queue holds while one is in flight: the excess is reported.
    const before2 = calls().length;
    dcs.injectFault({ count: 1, latencyMs });
    await page.evaluate(async (overflow) => {
      const relay = /** @type {any} */ (window).audienceRelay;
      relay('signals', { c_o: 'first' });
      for (let i = 0; i < overflow; i++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        relay('signals', { c_o: `o${i}` });
      }
    }, overflow);
    const ready2 = await page.evaluate(() => /** @type {any} */ (window).audienceRelay('ready', { timeoutMs: 30000 }).then((/** @type {any} */ r) => ({ status: r.status, error: r.error ? { code: r.error.code, message: r.error.message } : null })));
    // ready settles with the first answer; wait for the queue to drain too.
    const deadline2 = Date.now() + latencyMs + 60_000;
    let snapshot2 = await page.evaluate(() => /** @type {any} */ (window).audienceRelay('snapshot'));
    while (Date.now() < deadline2 && (snapshot2?.queued > 0 || snapshot2?.inFlight)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      snapshot2 = await page.evaluate(() => /** @type {any} */ (window).audienceRelay('snapshot'));
    }
    const phase2 = calls().slice(before2);
    const oValues = phase2.flatMap((r) => signal(r, 'c_o'));
    const droppedInPhase2 = (snapshot2?.dropped ?? 0) - (snapshot1?.dropped ?? 0);

    const expectedK = Array.from({ length: sameKeyValues + 1 }, (_, i) => `v${i}`);
    const expectedViews = [...Array.from({ length: routes }, (_, i) => `/spa/r${i}`), '/spa/explicit'];
    return {
      phase1: {
        eventCallsAtDcs: phase1.length,
        sameKeyValuesInOrder: JSON.stringify(kValues) === JSON.stringify(expectedK),
        sameKeyValuesSeen: kValues.length,
        pageViewsInOrder: JSON.stringify(views) === JSON.stringify(expectedViews),
        pageViewsSeen: views.length,
        signalJoinedItsPageView: withView ? new URL(signal(withView, 'd_url')[0] ?? 'x:').pathname === '/spa/explicit' : false,
        droppedByTag: snapshot1?.dropped ?? null,
      },
      phase2: {
        given: overflow + 1,
        reachedDcs: oValues.length,
        reportedDropped: droppedInPhase2,
        accountedFor: oValues.length + droppedInPhase2 === overflow + 1,
        inOrder: JSON.stringify(oValues) === JSON.stringify(['first', ...Array.from({ length: overflow }, (_, i) => `o${i}`)].filter((v) => oValues.includes(v))),
        readyError: ready2.error,
      },
      pageErrors,
    };
  } finally {
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await tagInFlightCheck(), null, 2));
}
