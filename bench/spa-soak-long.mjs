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
// With `rich` (SPA_SOAK_RICH=1) each turn also declares a customer ID of its own
// (`ids({ dpid: 21, dpuuid: 'u<n>' })`) and realizes pixel trait 1004 (`traits([1004])`) in the
// tick of `s<n>b`, and the DCS's record of the call that processed `s<n>b` must carry both
// (`d_cid=21%01u<n>`, `d_sid=1004`); every `reconnectEvery` turns (SPA_SOAK_RECONNECT_EVERY)
// the page moves the frame's element (as frameworks re-parent nodes), which reloads the frame
// while that turn's calls are queued or in flight: each `reconnected` is counted, and the
// values given then are classed like the rest; and `readyPerTurn` (SPA_SOAK_READY_PER_TURN)
// `ready` calls are made each turn and not awaited: every one must settle.
//
//   node bench/spa-soak-long.mjs                      # 660 s, a turn every 100 ms
//   SPA_SOAK_SECONDS=120 SPA_SOAK_INTERVAL_MS=50 node bench/spa-soak-long.mjs
//   SPA_SOAK_SECONDS=300 SPA_SOAK_RICH=1 SPA_SOAK_RECONNECT_EVERY=40 SPA_SOAK_READY_PER_TURN=5 node bench/spa-soak-long.mjs
// SPA_SOAK_DCS_PORT / SPA_SOAK_PAGE_PORT pin the ports (default: free ones). `order` counts the
// values the DCS processed after a value the page gave later (s<n>a, then s<n>b, then s<n+1>a …).
// Loopback only. Needs `npm run build` first.
import { chromium } from '@playwright/test';
import { demoConfig, startMockDcs } from '@audience-relay/mock-dcs';
import { launchOptions } from '@audience-relay/testing';
import { pathToFileURL } from 'node:url';
import { startExamplesServer } from '../examples/server.mjs';

const KB = 1024;

/** Counts the page's pending timers: installed before any script of the page (the tag included). */
export function countTimers() {
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
export function slopes(samples, keys) {
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
 * @param {{ seconds?: number, intervalMs?: number, sampleEverySeconds?: number, dcsLatencyMs?: number, rich?: boolean, reconnectEvery?: number, readyPerTurn?: number, dcsPort?: number, pagePort?: number }} [options]
 */
export async function spaSoakLong({ seconds = 660, intervalMs = 100, sampleEverySeconds = 30, dcsLatencyMs = 30, rich = false, reconnectEvery = 0, readyPerTurn = 0, dcsPort = 0, pagePort = 0 } = {}) {
  const dcs = await startMockDcs({ port: dcsPort });
  const examples = await startExamplesServer({ dcsUrl: dcs.url, port: pagePort });
  dcs.setConfig(demoConfig([examples.url]));
  // Every call held a little, so the next turn's values are given while one is in flight.
  if (dcsLatencyMs > 0) dcs.injectFault({ count: 10_000, latencyMs: dcsLatencyMs }); // the most a fault plan takes: ~8 min of this soak
  // The DCS's side of each value: read the request log (the last 1000 calls) at every sample.
  const seen = new WeakSet();
  /** @type {Map<string, number>} */
  const processed = new Map();
  /** The path (query) of the call that processed each value, for the rich checks. @type {Map<string, string>} */
  const pathOf = new Map();
  /** Each value's turn and half (s<n>a before s<n>b), in the order the DCS processed them. @type {number[]} */
  const arrival = [];
  const readDcsLog = () => {
    for (const r of dcs.requests()) {
      if (seen.has(r)) continue;
      seen.add(r);
      if (r.status !== 200) continue;
      for (const v of [].concat(/** @type {any} */ (r.signals)?.c_seq ?? [])) {
        processed.set(String(v), (processed.get(String(v)) ?? 0) + 1);
        const m = /^s(\d+)([ab])$/.exec(String(v));
        if (m) arrival.push(Number(m[1]) * 2 + (m[2] === 'b' ? 1 : 0));
        if (rich) pathOf.set(String(v), r.path);
      }
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
      w.__soakReconnected = 0;
      w.__soakReady = { made: 0, settled: 0, statuses: {} };
      w.audienceRelay('on', 'reconnected', () => void w.__soakReconnected++);
    });
    const frame = page.frames().find((f) => f.url().includes('/frame.html'));
    if (!frame) throw new Error('no DCS frame');
    const pageCdp = await context.newCDPSession(page);
    let frameCdp = await context.newCDPSession(frame);
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
    /** Listeners on window and document, as DevTools lists them (with `types`: their types too). @param {string} expression @param {boolean} [types] */
    const listenersOn = async (expression, types = false) => {
      const { result } = await pageCdp.send('Runtime.evaluate', { expression });
      if (!result.objectId) return -1;
      const { listeners } = await pageCdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
      await pageCdp.send('Runtime.releaseObject', { objectId: result.objectId });
      if (!types) return listeners.length;
      /** @type {Record<string, number>} */
      const byType = {};
      for (const l of listeners) byType[l.type] = (byType[l.type] ?? 0) + 1;
      return byType;
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
        reconnected: /** @type {any} */ (window).__soakReconnected ?? 0,
        readyPending: /** @type {any} */ (window).__soakReady ? /** @type {any} */ (window).__soakReady.made - /** @type {any} */ (window).__soakReady.settled : 0,
        historyLength: history.length,
      }));
      samples.push({
        atSeconds: Math.round((Date.now() - started) / 1000),
        turns,
        dcsEventCalls: await dcsTotal(),
        page: { ...(await metrics(pageCdp)), windowListeners: await listenersOn('window'), documentListeners: await listenersOn('document'), ...inPage },
        frame: await metrics(frameCdp).catch(async () => {
          // The frame reloaded (its element moved, reconnectEvery): its document is a new target.
          const now = page.frames().find((f) => f.url().includes('/frame.html'));
          if (!now) return null;
          frameCdp = await context.newCDPSession(now);
          await frameCdp.send('Performance.enable');
          return metrics(frameCdp);
        }),
        pageErrors: pageErrors.length,
      });
    };
    await sample();
    const until = started + seconds * 1000;
    while (Date.now() < until) {
      const chunkMs = Math.min(sampleEverySeconds * 1000, until - Date.now());
      turns = await page.evaluate(
        async ({ chunkMs, intervalMs, from, rich, reconnectEvery, readyPerTurn }) => {
          const w = /** @type {any} */ (window);
          const relay = w.audienceRelay;
          const end = Date.now() + chunkMs;
          let i = from;
          while (Date.now() < end) {
            history.pushState({}, '', `/spa/r${i % 500}-${i}`);
            relay('signals', { c_tag: `t${i % 50}`, c_seq: `s${i}a` }).catch(() => {});
            await new Promise((resolve) => setTimeout(resolve, 5));
            if ((await relay('snapshot')).inFlight) w.__soakGivenInFlight = (w.__soakGivenInFlight ?? 0) + 1;
            relay('signals', { c_seq: `s${i}b` }).catch(() => {});
            if (rich) {
              relay('ids', { dpid: 21, dpuuid: `u${i}` }).catch(() => void (w.__soakRefused = (w.__soakRefused ?? 0) + 1));
              relay('traits', [1004]).catch(() => void (w.__soakRefused = (w.__soakRefused ?? 0) + 1));
            }
            if (reconnectEvery > 0 && i % reconnectEvery === reconnectEvery - 1) {
              // The frame's element moved (as frameworks re-parent nodes): the frame reloads while
              // this turn's calls are queued or in flight.
              const frame = document.querySelector('iframe[title="audience-relay"]');
              w.__soakHolder ??= document.body.appendChild(document.createElement('div'));
              if (frame) (frame.parentElement === w.__soakHolder ? document.body : w.__soakHolder).append(frame);
              w.__soakMoves = (w.__soakMoves ?? 0) + 1;
            }
            for (let k = 0; k < readyPerTurn; k++) {
              w.__soakReady.made++;
              relay('ready', { timeoutMs: 1500 }).then((/** @type {any} */ r) => {
                w.__soakReady.settled++;
                w.__soakReady.statuses[r.status] = (w.__soakReady.statuses[r.status] ?? 0) + 1;
              }, () => void (w.__soakReady.statuses.rejected = (w.__soakReady.statuses.rejected ?? 0) + 1));
            }
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
        { chunkMs, intervalMs, from: turns, rich, reconnectEvery, readyPerTurn },
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
    // Order: every value processed after all the values given before it (the order the page gave them).
    let outOfOrder = 0;
    let highest = -1;
    /** @type {number[][]} */
    const outOfOrderExamples = [];
    for (const rank of arrival) {
      if (rank < highest) {
        outOfOrder++;
        if (outOfOrderExamples.length < 5) outOfOrderExamples.push([rank, highest]);
      }
      highest = Math.max(highest, rank);
    }
    // Rich: the call that processed s<n>b carried that turn's ID and the pixel trait.
    /** @type {Record<string, number>} */
    const richChecks = {};
    /** @type {Array<{ value: string, cids: string[] }>} */
    const richExamples = [];
    if (rich) {
      for (let n = 0; n < turns; n++) {
        const path = pathOf.get(`s${n}b`);
        if (path === undefined) continue;
        const query = path.slice(path.indexOf('?') + 1).split('&');
        const other = query.filter((q) => q.startsWith('d_cid='));
        const c = `${query.includes(`d_cid=21%01u${n}`) ? 'its ID' : other.length ? 'another ID' : 'no ID'}, ${query.includes('d_sid=1004') ? 'the trait' : 'no trait'}`;
        richChecks[c] = (richChecks[c] ?? 0) + 1;
        if (!c.startsWith('its') && (richExamples.length < 5)) richExamples.push({ value: `s${n}b`, cids: other });
      }
    }
    // Every ready made must settle: wait for the last ones (1.5 s deadlines).
    // (Polled with evaluate: waitForFunction would add Playwright's own listeners and heap to the page measured after destroy.)
    const readyLeft = () => page.evaluate(() => { const r = /** @type {any} */ (window).__soakReady; return r.made - r.settled - (r.statuses.rejected ?? 0); });
    for (const waitStarted = Date.now(); (await readyLeft()) > 0 && Date.now() - waitStarted < 10_000; ) await new Promise((r) => setTimeout(r, 100));
    const readyCalls = await page.evaluate(() => /** @type {any} */ (window).__soakReady);
    const reconnects = await page.evaluate(() => ({ moves: /** @type {any} */ (window).__soakMoves ?? 0, reconnected: /** @type {any} */ (window).__soakReconnected, refusedCommands: /** @type {any} */ (window).__soakRefused ?? 0 }));
    const beforeDestroy = samples[samples.length - 1];
    // destroy(): nothing of the tag may stay armed.
    await page.evaluate(() => /** @type {any} */ (window).audienceRelay('destroy'));
    /** @param {number} ms */
    const afterDestroy = async (ms) => {
      await new Promise((r) => setTimeout(r, ms));
      return {
        ...(await metrics(pageCdp)),
        windowListeners: await listenersOn('window'),
        windowListenerTypes: await listenersOn('window', true),
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
      order: { processedValues: arrival.length, outOfOrder, outOfOrderExamples },
      ...(rich ? { richChecks, richExamples } : {}),
      readyCalls,
      reconnects,
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
    Object.entries({
      seconds: number(env.SPA_SOAK_SECONDS),
      intervalMs: number(env.SPA_SOAK_INTERVAL_MS),
      sampleEverySeconds: number(env.SPA_SOAK_SAMPLE_EVERY),
      dcsLatencyMs: number(env.SPA_SOAK_DCS_LATENCY_MS),
      rich: env.SPA_SOAK_RICH === undefined ? undefined : env.SPA_SOAK_RICH === '1',
      reconnectEvery: number(env.SPA_SOAK_RECONNECT_EVERY),
      readyPerTurn: number(env.SPA_SOAK_READY_PER_TURN),
      dcsPort: number(env.SPA_SOAK_DCS_PORT),
      pagePort: number(env.SPA_SOAK_PAGE_PORT),
    }).filter(([, v]) => v !== undefined),
  );
  console.log(JSON.stringify(await spaSoakLong(options), null, 2));
}
