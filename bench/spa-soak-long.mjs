// @ts-check
// The long SPA soak: the SPA example in real Chromium for minutes, not routes. In a loop the
// page changes route (autoPageView: one event call each), adds signals, adds and removes a
// `segments` listener, reads getSegments, and every tenth turn awaits `ready`. Every
// `sampleEverySeconds`, after a full garbage collection in both documents, it samples the
// page (JS heap, DOM nodes, JS event listeners, listeners on window and document, iframes, the
// page's pending timers and intervals, counted by wrappers installed before the tag runs) and
// the DCS frame (its JS heap, nodes, listeners), with the DCS's event-call count and the calls
// the tag reports lost. Least-squares slopes over the second half say whether anything grows.
// Each turn gives two values of its own: `c_seq=s<n>a` in the same tick as the route change
// (it joins that page view's call) and `c_seq=s<n>b` 5 ms later, while that call is in flight
// (the DCS holds each call `SPA_SOAK_DCS_LATENCY_MS`, default 30; the page counts how often
// the call was indeed in flight then): at the end every value is classed by what the DCS
// processed (its request log, read at each sample) and what the page's debug stream said.
// Then the page calls destroy() and is sampled again (after 1 s and 10 s): pending timers,
// intervals, listeners on window and document, iframes, heap, nodes; and the heap once more
// without the soak's own per-value records, which grow the page heap by themselves.
//
//   node bench/spa-soak-long.mjs                      # 660 s, a turn every 100 ms
//   SPA_SOAK_SECONDS=120 SPA_SOAK_INTERVAL_MS=50 node bench/spa-soak-long.mjs
// Loopback only. Needs `npm run build` first.
import { chromium } from '@playwright/test';
import { demoConfig, startMockDcs } from '@audience-relay/mock-dcs';
import { launchOptions } from '@audience-relay/testing';
import { pathToFileURL } from 'node:url';
import { startExamplesServer } from '../examples/server.mjs';

const KB = 1024;

/** Counts the page's pending timers: installed before any script of the page (the tag included). */
function countTimers() {
  const pending = new Set();
  const intervals = new Set();
  let created = 0;
  /** @type {any} */
  const st = window.setTimeout;
  /** @type {any} */
  const si = window.setInterval;
  const { clearTimeout: ct, clearInterval: ci } = window;
  /** @type {any} */ (window).setTimeout = function (/** @type {any} */ fn, /** @type {any} */ ms, /** @type {any[]} */ ...args) {
    created++;
    const id = st.call(window, (/** @type {any[]} */ ...a) => {
      pending.delete(id);
      if (typeof fn === 'function') fn(...a);
    }, ms, ...args);
    pending.add(id);
    return id;
  };
  /** @type {any} */ (window).clearTimeout = (/** @type {any} */ id) => {
    pending.delete(id);
    ct.call(window, id);
  };
  /** @type {any} */ (window).setInterval = function (/** @type {any} */ fn, /** @type {any} */ ms, /** @type {any[]} */ ...args) {
    created++;
    const id = si.call(window, fn, ms, ...args);
    intervals.add(id);
    return id;
  };
  /** @type {any} */ (window).clearInterval = (/** @type {any} */ id) => {
    intervals.delete(id);
    ci.call(window, id);
  };
  /** @type {any} */ (window).__soakTimers = () => ({ pending: pending.size, intervals: intervals.size, created });
}

/** Least-squares slope of each figure against time, per minute. @param {Array<Record<string, any>>} samples @param {string[]} keys */
function slopes(samples, keys) {
  /** @type {Record<string, number | null>} */
  const out = {};
  const n = samples.length;
  const xs = samples.map((s) => s.atSeconds / 60);
  const mx = xs.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  for (const key of keys) {
    /** @type {number[]} */
    const ys = samples.map((s) => Number(key.split('.').reduce((/** @type {any} */ o, k) => o?.[k], s) ?? 0));
    const my = ys.reduce((a, b) => a + b, 0) / Math.max(1, n);
    out[key] = n < 2 || sxx === 0 ? null : Math.round((xs.reduce((a, x, i) => a + (x - mx) * ((ys[i] ?? 0) - my), 0) / sxx) * 10) / 10;
  }
  return out;
}

/**
 * @param {{ seconds?: number, intervalMs?: number, sampleEverySeconds?: number, dcsLatencyMs?: number }} [options]
 */
export async function spaSoakLong({ seconds = 660, intervalMs = 100, sampleEverySeconds = 30, dcsLatencyMs = 30 } = {}) {
  const dcs = await startMockDcs();
  const examples = await startExamplesServer({ dcsUrl: dcs.url });
  dcs.setConfig(demoConfig([examples.url]));
  // Every call held a little, so the next turn's values are given while one is in flight.
  if (dcsLatencyMs > 0) dcs.injectFault({ count: 10_000, latencyMs: dcsLatencyMs }); // the most a fault plan takes: ~8 min of this soak
  // The DCS's side of each value: read the request log (the last 1000 calls) at every sample.
  const seen = new WeakSet();
  /** @type {Map<string, number>} */
  const processed = new Map();
  const readDcsLog = () => {
    for (const r of dcs.requests()) {
      if (seen.has(r)) continue;
      seen.add(r);
      if (r.status !== 200) continue;
      for (const v of [].concat(/** @type {any} */ (r.signals)?.c_seq ?? [])) processed.set(String(v), (processed.get(String(v)) ?? 0) + 1);
    }
  };
  const browser = await chromium.launch(launchOptions());
  try {
    const context = await browser.newContext();
    await context.addInitScript(countTimers);
    const page = await context.newPage();
    /** @type {string[]} */
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${examples.url}/spa/`);
    await page.evaluate(() => /** @type {any} */ (window).audienceRelay('ready', { timeoutMs: 15000 }));
    // The page's side of each value, from the typed debug stream.
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      /** @type {Record<string, { sent: number, answered: number, failed: string[], dropped: number }>} */
      const byValue = {};
      // Through the global, so that deleting it at the end frees the records (the listener stays).
      const entry = (/** @type {string} */ v) => ((w.__soakValues ?? {})[v] ??= { sent: 0, answered: 0, failed: [], dropped: 0 });
      const valuesOf = (/** @type {any} */ params) => [].concat(params?.signals?.c_seq ?? []).map(String);
      w.audienceRelay('on', 'debug', (/** @type {any} */ e) => {
        if (e.type === 'sent') for (const v of valuesOf(e.call.params)) entry(v).sent++;
        if (e.type === 'answered') for (const v of valuesOf(e.call.params)) e.call.error ? entry(v).failed.push(e.call.error.code) : entry(v).answered++;
        if (e.type === 'dropped') for (const v of valuesOf(e.params)) entry(v).dropped++;
      });
      w.__soakValues = byValue;
    });
    const frame = page.frames().find((f) => f.url().includes('/frame.html'));
    if (!frame) throw new Error('no DCS frame');
    const pageCdp = await context.newCDPSession(page);
    const frameCdp = await context.newCDPSession(frame);
    await pageCdp.send('Performance.enable');
    await frameCdp.send('Performance.enable');

    /** @param {import('@playwright/test').CDPSession} cdp */
    const metrics = async (cdp) => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics: list } = await cdp.send('Performance.getMetrics');
      /** @type {Record<string, number>} */
      const m = Object.fromEntries(list.map((x) => [x.name, x.value]));
      const heap = await cdp.send('Runtime.getHeapUsage');
      return { heapKB: Math.round(heap.usedSize / KB), nodes: m.Nodes ?? 0, jsListeners: m.JSEventListeners ?? 0, documents: m.Documents ?? 0 };
    };
    /** Listeners on window and document, as DevTools lists them. @param {string} expression */
    const listenersOn = async (expression) => {
      const { result } = await pageCdp.send('Runtime.evaluate', { expression });
      if (!result.objectId) return -1;
      const { listeners } = await pageCdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
      await pageCdp.send('Runtime.releaseObject', { objectId: result.objectId });
      return listeners.length;
    };
    const dcsTotal = async () => /** @type {any} */ (await (await fetch(`http://127.0.0.1:${dcs.port}/__admin/stats`)).json()).requests.total;

    const started = Date.now();
    /** @type {Array<Record<string, any>>} */
    const samples = [];
    let turns = 0;
    const sample = async () => {
      readDcsLog();
      const inPage = await page.evaluate(async () => ({
        timers: /** @type {any} */ (window).__soakTimers(),
        domElements: document.getElementsByTagName('*').length,
        iframes: document.querySelectorAll('iframe').length,
        dropped: (await /** @type {any} */ (window).audienceRelay('snapshot'))?.dropped ?? 0,
        historyLength: history.length,
      }));
      samples.push({
        atSeconds: Math.round((Date.now() - started) / 1000),
        turns,
        dcsEventCalls: await dcsTotal(),
        page: { ...(await metrics(pageCdp)), windowListeners: await listenersOn('window'), documentListeners: await listenersOn('document'), ...inPage },
        frame: await metrics(frameCdp),
        pageErrors: pageErrors.length,
      });
    };
    await sample();
    const until = started + seconds * 1000;
    while (Date.now() < until) {
      const chunkMs = Math.min(sampleEverySeconds * 1000, until - Date.now());
      turns = await page.evaluate(
        async ({ chunkMs, intervalMs, from }) => {
          const relay = /** @type {any} */ (window).audienceRelay;
          const end = Date.now() + chunkMs;
          let i = from;
          while (Date.now() < end) {
            history.pushState({}, '', `/spa/r${i % 500}-${i}`);
            relay('signals', { c_tag: `t${i % 50}`, c_seq: `s${i}a` }).catch(() => {});
            await new Promise((resolve) => setTimeout(resolve, 5));
            if ((await relay('snapshot')).inFlight) /** @type {any} */ (window).__soakGivenInFlight = (/** @type {any} */ (window).__soakGivenInFlight ?? 0) + 1;
            relay('signals', { c_seq: `s${i}b` }).catch(() => {});
            const listener = () => {};
            relay('on', 'segments', listener);
            relay('off', 'segments', listener);
            relay('getSegments');
            if (i % 10 === 0) await relay('ready', { timeoutMs: 2000 });
            i++;
            await new Promise((resolve) => setTimeout(resolve, intervalMs));
          }
          return i;
        },
        { chunkMs, intervalMs, from: turns },
      );
      await sample();
    }
    // Let the queue empty, then class every value given.
    const snapshot = () => page.evaluate(() => /** @type {any} */ (window).audienceRelay('snapshot'));
    const drainStarted = Date.now();
    for (let s = await snapshot(); (s.queued || s.inFlight) && Date.now() - drainStarted < 60_000; s = await snapshot()) await new Promise((r) => setTimeout(r, 250));
    const drainMs = Date.now() - drainStarted;
    await new Promise((r) => setTimeout(r, 1000));
    readDcsLog();
    const byValue = await page.evaluate(() => /** @type {any} */ (window).__soakValues);
    /** @type {Record<string, number>} */
    const classes = {};
    const values = Array.from({ length: turns }, (_, n) => [`s${n}a`, `s${n}b`]).flat();
    for (const v of values) {
      const t = byValue[v] ?? { sent: 0, answered: 0, failed: [], dropped: 0 };
      const d = processed.get(v) ?? 0;
      const c =
        d === 1 && t.answered === 1 ? 'processed once, answered'
        : d === 1 && t.failed.length ? `processed once, page told ${t.failed.join('+')}`
        : d > 1 ? `processed ${d} times`
        : t.dropped ? 'never sent: dropped (reported)'
        : t.failed.length ? `never processed, page told ${t.failed.join('+')}`
        : 'never processed, page told nothing';
      classes[c] = (classes[c] ?? 0) + 1;
    }
    const beforeDestroy = samples[samples.length - 1];
    // destroy(): nothing of the tag may stay armed.
    await page.evaluate(() => /** @type {any} */ (window).audienceRelay('destroy'));
    /** @param {number} ms */
    const afterDestroy = async (ms) => {
      await new Promise((r) => setTimeout(r, ms));
      return {
        ...(await metrics(pageCdp)),
        windowListeners: await listenersOn('window'),
        documentListeners: await listenersOn('document'),
        ...(await page.evaluate(() => ({ timers: /** @type {any} */ (window).__soakTimers(), iframes: document.querySelectorAll('iframe').length, domElements: document.getElementsByTagName('*').length }))),
      };
    };
    const destroyed = { after1s: await afterDestroy(1000), after10s: await afterDestroy(9000), withoutTheSoaksRecords: { heapKB: 0 } };
    // The soak's own records (a few hundred bytes per value) are part of the page heap above.
    await page.evaluate(() => void delete /** @type {any} */ (window).__soakValues);
    destroyed.withoutTheSoaksRecords = { heapKB: (await metrics(pageCdp)).heapKB };
    const warm = samples.slice(Math.floor(samples.length / 2));
    const first = samples[0];
    const last = samples[samples.length - 1];
    return {
      seconds,
      intervalMs,
      dcsLatencyMs,
      turns,
      dcsEventCalls: (last?.dcsEventCalls ?? 0) - (first?.dcsEventCalls ?? 0),
      drainMs,
      valuesGiven: values.length,
      givenWhileACallWasInFlight: await page.evaluate(() => /** @type {any} */ (window).__soakGivenInFlight ?? 0),
      values: classes,
      pageErrors,
      beforeDestroy: beforeDestroy?.page,
      destroyed,
      samples,
      slopesPerMinuteSecondHalf: slopes(warm, [
        'page.heapKB', 'page.nodes', 'page.jsListeners', 'page.windowListeners', 'page.documentListeners', 'page.timers.pending', 'page.timers.intervals', 'page.domElements',
        'frame.heapKB', 'frame.nodes', 'frame.jsListeners',
      ]),
    };
  } finally {
    await browser.close();
    await Promise.all([dcs.close(), examples.close()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const env = process.env;
  const number = (/** @type {string | undefined} */ value) => (value === undefined ? undefined : Number(value));
  const options = Object.fromEntries(
    Object.entries({ seconds: number(env.SPA_SOAK_SECONDS), intervalMs: number(env.SPA_SOAK_INTERVAL_MS), sampleEverySeconds: number(env.SPA_SOAK_SAMPLE_EVERY), dcsLatencyMs: number(env.SPA_SOAK_DCS_LATENCY_MS) }).filter(([, v]) => v !== undefined),
  );
  console.log(JSON.stringify(await spaSoakLong(options), null, 2));
}
