// @ts-check
// The long SPA soak: the SPA example in real Chromium for minutes, not routes. In a loop the
// page changes route (autoPageView: one event call each), adds signals, adds and removes a
// `segments` listener, reads getSegments, and every tenth turn awaits `ready`. Every
// `sampleEverySeconds`, after a full garbage collection in both documents, it samples the
// page (JS heap, DOM nodes, JS event listeners, listeners on window and document, iframes, the
// page's pending timers and intervals, counted by wrappers installed before the tag runs) and
// the DCS frame (its JS heap, nodes, listeners), with the DCS's event-call count and the calls
// the tag reports lost. Least-squares slopes over the second half say whether anything grows.
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
 * @param {{ seconds?: number, intervalMs?: number, sampleEverySeconds?: number }} [options]
 */
export async function spaSoakLong({ seconds = 660, intervalMs = 100, sampleEverySeconds = 30 } = {}) {
  const dcs = await startMockDcs();
  const examples = await startExamplesServer({ dcsUrl: dcs.url });
  dcs.setConfig(demoConfig([examples.url]));
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
      const inPage = await page.evaluate(() => ({
        timers: /** @type {any} */ (window).__soakTimers(),
        domElements: document.getElementsByTagName('*').length,
        iframes: document.querySelectorAll('iframe').length,
        dropped: /** @type {any} */ (window).audienceRelay('snapshot')?.dropped ?? null,
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
            relay('signals', { c_tag: `t${i % 50}` }).catch(() => {});
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
    const warm = samples.slice(Math.floor(samples.length / 2));
    const first = samples[0];
    const last = samples[samples.length - 1];
    return {
      seconds,
      intervalMs,
      turns,
      dcsEventCalls: (last?.dcsEventCalls ?? 0) - (first?.dcsEventCalls ?? 0),
      pageErrors,
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
    Object.entries({ seconds: number(env.SPA_SOAK_SECONDS), intervalMs: number(env.SPA_SOAK_INTERVAL_MS), sampleEverySeconds: number(env.SPA_SOAK_SAMPLE_EVERY) }).filter(([, v]) => v !== undefined),
  );
  console.log(JSON.stringify(await spaSoakLong(options), null, 2));
}
