// @ts-check
// npm run bench: sizes, time to fresh segments and host-page script time against a bare fetch
// and against the limit of this design (one iframe, one fetch) with issue 18's budgets, the
// tag's main-thread cost, mock-dcs throughput and the mock-dcs soak. Prints a JSON report and writes
// bench/results.json (or BENCH_OUT). Loopback only; every server it starts, it stops.
import { chromium } from '@playwright/test';
import { demoConfig, startMockDcs } from '@audience-relay/mock-dcs';
import { launchOptions } from '@audience-relay/testing';
import autocannon from 'autocannon';
import { startMockDcsProcess } from './mock-dcs-process.mjs';
import { startDcsFront } from './dcs-front.mjs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { SIZE_BUDGETS, gzippedSize } from './size-budgets.mjs';
import { mockDcsSoak } from './mock-dcs-soak.mjs';
import { spaSoak } from './spa-soak.mjs';
import { join } from 'node:path';
import { startExamplesServer } from '../examples/server.mjs';
import { request } from 'node:http';

// The counts can be lowered for a quick run (test/bench.smoke.test.ts runs each once).
const COLD_LOADS = Number(process.env.BENCH_LOADS ?? 20);
const TRACED_LOADS = Number(process.env.BENCH_TRACED ?? 5);
const REPEAT_VISITS = Number(process.env.BENCH_REPEAT ?? 10);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const OUT = process.env.BENCH_OUT ?? 'bench/results.json';
const CONCURRENCY = 50;

/** @param {number[]} values */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? /** @type {number} */ (sorted[mid]) : (/** @type {number} */ (sorted[mid - 1]) + /** @type {number} */ (sorted[mid])) / 2;
};
const round = (/** @type {number} */ n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** @typedef {{ at: number, segments: string[], scriptMs: number, scriptCpuMs: number, longTasks: number }} LoadFigures */
const at = (/** @type {LoadFigures[]} */ loads) => loads.map((l) => l.at);
const scriptMs = (/** @type {LoadFigures[]} */ loads) => loads.map((l) => l.scriptMs);
const scriptCpuMs = (/** @type {LoadFigures[]} */ loads) => loads.map((l) => l.scriptCpuMs);
const longTasks = (/** @type {LoadFigures[]} */ loads) => loads.reduce((sum, l) => sum + l.longTasks, 0);

/**
 * What the front's extra hop costs the frame baseline's /event: the median time of the same
 * call from Node through the front, less straight to mock-dcs (20 of each, alternated).
 * @param {{ port: number }} dcs
 * @param {{ url: string }} front
 */
async function frontHop(dcs, front) {
  const path = '/event?d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&c_section=sports';
  /** @param {number} port @param {string} host @returns {Promise<number>} */
  const timed = (port, host) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      })
        .on('error', reject)
        .end();
    });
  const frontUrl = new URL(front.url);
  /** @type {number[]} */ const direct = [];
  /** @type {number[]} */ const through = [];
  for (let i = 0; i < 20; i++) {
    direct.push(await timed(dcs.port, `dcs.localhost:${dcs.port}`));
    through.push(await timed(Number(frontUrl.port), frontUrl.host));
  }
  return median(through) - median(direct);
}

function sizes() {
  return Object.fromEntries(
    Object.entries(SIZE_BUDGETS).map(([name, { file, budget, target }]) => {
      const bytes = readFileSync(file);
      return [name, { raw: bytes.length, gzip: gzippedSize(file), budget, target }];
    }),
  );
}

/**
 * One cold load of a bench page, in a new browser context: `prepare` runs before navigating,
 * `collect` once the page's `ready` resolved (`window.__bench`) and `settleMs` more passed.
 * @template T
 * @param {import('@playwright/test').Browser} browser
 * @param {string} url
 * @param {{ prepare?: (page: import('@playwright/test').Page) => Promise<unknown>, settleMs?: number, collect: (page: import('@playwright/test').Page, result: { status: string, at: number }) => Promise<T> | T }} steps
 * @returns {Promise<T>}
 */
async function benchLoad(browser, url, { prepare, settleMs = 0, collect }) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await prepare?.(page);
    await page.goto(url);
    const result = await page.waitForFunction(() => /** @type {any} */ (window).__bench, null, { timeout: 15000 }).then((h) => h.jsonValue());
    if (settleMs) await page.waitForTimeout(settleMs);
    return await collect(page, result);
  } finally {
    await context.close();
  }
}

/**
 * One cold load of a page of the alternated run: navigation start to its answer (`ready`
 * resolving fresh, or the baseline's answer), then, after `SETTLE_MS` more, the host page's
 * main-thread script time (CDP `Performance.getMetrics` `ScriptDuration`: every script of the
 * top-level page's renderer, from navigation on; the cross-site frame runs in a process of its
 * own and is not counted) and its long tasks (> 50 ms, a `longtask` observer from the start
 * of the document). The page says it is done through a console message, not by being polled
 * (Playwright's polling would run script on the very thread measured).
 * @param {import('@playwright/test').Browser} browser
 * @param {string} url
 * @returns {Promise<LoadFigures>}
 */
async function coldLoad(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(watchHostPage, BENCH_DONE);
    // Two sessions, two clocks: wall time (what blocks the page, synchronous browser calls
    // included) and the thread's CPU time (the script's own work; steadier on a loaded machine).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const cpu = await context.newCDPSession(page);
    await cpu.send('Performance.enable', { timeDomain: 'threadTicks' });
    const done = page.waitForEvent('console', { predicate: (message) => message.text() === BENCH_DONE, timeout: 15000 });
    await page.goto(url);
    await done;
    await page.waitForTimeout(SETTLE_MS);
    const [script, scriptCpu] = await Promise.all([scriptDuration(cdp), scriptDuration(cpu)]);
    const result = await page.evaluate(() => ({ .../** @type {any} */ (window).__bench, longTasks: /** @type {any} */ (window).__longTasks.length }));
    if (result.status !== 'fresh') throw new Error(`${url}: ${result.status}`);
    return { at: result.at, segments: (result.segments ?? []).map(String), scriptMs: script, scriptCpuMs: scriptCpu, longTasks: result.longTasks };
  } finally {
    await context.close();
  }
}

/** `ScriptDuration` in ms, on the clock the session's `Performance.enable` chose. @param {import('@playwright/test').CDPSession} session */
async function scriptDuration(session) {
  const { metrics } = await session.send('Performance.getMetrics');
  const script = metrics.find((m) => m.name === 'ScriptDuration');
  if (!script) throw new Error('no ScriptDuration in Performance.getMetrics');
  return script.value * 1000;
}

const BENCH_DONE = 'audience-relay bench: done';
const SETTLE_MS = 200;

/**
 * Runs in the top-level page before its scripts: records its long tasks in `__longTasks`, and
 * logs `done` (`BENCH_DONE`) when the page sets `window.__bench` (its answer).
 * @param {string} done
 */
function watchHostPage(done) {
  if (window !== window.top) return;
  /** @type {number[]} */
  const longTasks = [];
  Object.defineProperty(window, '__longTasks', { value: longTasks });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  /** @type {unknown} */
  let result;
  Object.defineProperty(window, '__bench', {
    get: () => result,
    set: (value) => {
      result = value;
      console.debug(done);
    },
  });
}

/**
 * A first visit to the GPT + Prebid example page, then a reload: the first ad request of the
 * repeat visit (the GPT stand-in records it), and whether the cached segments were in it.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} url
 */
async function repeatVisit(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  // Segments from the DCS, which the tag then caches. Not `ready` saying `fresh`: the page's
  // deadline (1.5 s) can pass first on a loaded machine, and the segments still come.
  const deadline = Date.now() + 30000;
  while (!(await page.evaluate(() => /** @type {any} */ (window).audienceRelay('getSegments'))).length) {
    if (Date.now() > deadline) throw new Error(`${url}: no segments in 30 s`);
    await page.waitForTimeout(100);
  }
  await page.reload();
  const first = await page.waitForFunction(() => /** @type {any} */ (window).__adRequests?.[0], null, { timeout: 15000 }).then((h) => h.jsonValue());
  await context.close();
  return { at: /** @type {number} */ (first.at), targeted: Array.isArray(first.page.aud) };
}

/**
 * Main-thread time of the tag on the host page, from a Chromium trace: the top-level
 * script events (evaluation, function calls: port messages, timers) attributed to
 * audience-relay.js, and the long tasks (> 50 ms) that contain any of them. The time
 * includes the browser calls the tag waits for (document.cookie, localStorage and the
 * iframe insertion are synchronous round trips to the browser process).
 * @param {import('@playwright/test').Browser} browser
 * @param {string} url
 */
async function tracedLoad(browser, url) {
  const trace = await benchLoad(browser, url, {
    prepare: (page) => browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] }),
    settleMs: 200,
    collect: async () => JSON.parse((await browser.stopTracing()).toString('utf8')),
  });
  /** @type {Array<{name: string, ph: string, ts: number, dur?: number, pid: number, tid: number, args?: any}>} */
  const events = trace.traceEvents;
  const ours = events.filter(
    (e) => e.ph === 'X' && typeof e.dur === 'number' && String(e.args?.data?.url ?? e.args?.data?.scriptName ?? '').endsWith('/audience-relay.js'),
  );
  // The page's main thread is where our script was evaluated. (Not the first event of ours:
  // that is V8's parse on a background thread, which once made this figure 6 ms instead of ~40.)
  const evaluated = ours.find((e) => e.name === 'EvaluateScript');
  if (!evaluated) throw new Error('no EvaluateScript event for audience-relay.js in the trace');
  const { pid, tid } = evaluated;
  const onMain = ours.filter((e) => e.pid === pid && e.tid === tid).sort((a, b) => a.ts - b.ts);
  let total = 0;
  let end = -1;
  for (const e of onMain) {
    if (e.ts >= end) {
      total += /** @type {number} */ (e.dur);
      end = e.ts + /** @type {number} */ (e.dur);
    }
  }
  const longTasks = events.filter(
    (e) => e.name === 'RunTask' && e.pid === pid && e.tid === tid && (e.dur ?? 0) > 50_000 && onMain.some((o) => o.ts >= e.ts && o.ts < e.ts + (e.dur ?? 0)),
  ).length;
  return { ms: total / 1000, longTasks };
}

/**
 * An untraced load that times the browser calls the tag waits for on the main thread, by
 * wrapping them in the page (cookie and storage access, inserting nodes: the iframe, the
 * outputs bundle; each a synchronous round trip to the browser process in Chromium), and
 * reads the bytes on the wire of our files from Resource Timing (mock-dcs sends
 * Timing-Allow-Origin, and Brotli or gzip as a CDN would).
 * @param {import('@playwright/test').Browser} browser
 * @param {string} url
 */
function untracedLoad(browser, url) {
  return benchLoad(browser, url, {
    prepare: (page) => page.addInitScript(wrapBrowserCalls),
    settleMs: 300,
    collect: (page) =>
      page.evaluate(() => ({
        /** @type {Record<string, { ms: number, calls: number }>} */
        calls: /** @type {any} */ (window).__browserCalls,
        resources: performance.getEntriesByType('resource').map((e) => {
          const r = /** @type {PerformanceResourceTiming} */ (e);
          return { path: new URL(r.name).pathname, wire: r.encodedBodySize, decoded: r.decodedBodySize };
        }),
      })),
  });
}

/** Runs in the page before its scripts: times each call to the browser APIs below into `window.__browserCalls`. */
function wrapBrowserCalls() {
  /** @type {Record<string, { ms: number, calls: number }>} */
  const timings = {};
  Object.defineProperty(window, '__browserCalls', { value: timings });
  /** @param {object} target @param {string} key @param {string} label */
  const wrap = (target, key, label) => {
    const descriptor = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(target, key));
    /** @param {Function} fn */
    const timed = (fn) =>
      /** @this {unknown} */
      function (/** @type {unknown[]} */ ...args) {
        const started = performance.now();
        try {
          return fn.apply(this, args);
        } finally {
          const entry = (timings[label] ??= { ms: 0, calls: 0 });
          entry.ms += performance.now() - started;
          entry.calls++;
        }
      };
    if (descriptor.get) {
      /** @type {PropertyDescriptor} */
      const accessor = { ...descriptor, get: timed(descriptor.get) };
      if (descriptor.set) accessor.set = timed(descriptor.set);
      Object.defineProperty(target, key, accessor);
    } else Object.defineProperty(target, key, { ...descriptor, value: timed(descriptor.value) });
  };
  wrap(Document.prototype, 'cookie', 'document.cookie');
  wrap(window, 'localStorage', 'localStorage');
  wrap(Storage.prototype, 'getItem', 'localStorage');
  wrap(Storage.prototype, 'setItem', 'localStorage');
  wrap(Node.prototype, 'appendChild', 'insert nodes');
  wrap(Node.prototype, 'insertBefore', 'insert nodes');
  wrap(Element.prototype, 'before', 'insert nodes');
}

/**
 * The bytes on the wire of the tag, the outputs bundle and the frame, from one untraced load.
 * @param {Array<{ path: string, wire: number, decoded: number }>} resources
 */
function wireBytes(resources) {
  /** @param {RegExp} pattern */
  const find = (pattern) => {
    const entry = resources.find((e) => pattern.test(e.path));
    return entry ? { wire: entry.wire, decoded: entry.decoded } : null;
  };
  return { tag: find(/\/audience-relay\.js$/), outputs: find(/\/audience-relay-outputs\.js$/), frame: find(/\/frame\.html$/) };
}

async function pageTimings() {
  const dcs = await startMockDcs();
  const examples = await startExamplesServer({ dcsUrl: dcs.url });
  // The minimal-iframe baseline's page, served as ours is, whose DCS is the front that also
  // serves its frame (same-origin with the /event the frame calls).
  const front = await startDcsFront({ dcsPort: dcs.port });
  const frameExamples = await startExamplesServer({ dcsUrl: front.url });
  dcs.setConfig(demoConfig([examples.url]));
  const browser = await chromium.launch(launchOptions());
  try {
    /** @type {LoadFigures[]} */ const tag = [];
    /** @type {LoadFigures[]} */ const baseline = [];
    /** @type {LoadFigures[]} */ const frameBaseline = [];
    for (let i = 0; i < COLD_LOADS; i++) {
      // Alternated, so drift on the machine touches all three alike.
      baseline.push(await coldLoad(browser, `${examples.url}/bench/baseline.html`));
      tag.push(await coldLoad(browser, `${examples.url}/bench/tag.html`));
      frameBaseline.push(await coldLoad(browser, `${frameExamples.url}/bench/iframe-baseline.html`));
    }
    const repeat = [];
    for (let i = 0; i < REPEAT_VISITS; i++) repeat.push(await repeatVisit(browser, `${examples.url}/ad-stack/`));
    const traced = [];
    for (let i = 0; i < TRACED_LOADS; i++) traced.push(await tracedLoad(browser, `${examples.url}/bench/tag.html`));
    const untraced = [];
    for (let i = 0; i < TRACED_LOADS; i++) untraced.push(await untracedLoad(browser, `${examples.url}/bench/tag.html`));
    const calls = untraced.map((u) => u.calls);
    const labels = [...new Set(calls.flatMap((c) => Object.keys(c)))].sort();
    return {
      timeToFreshSegments: {
        coldLoads: COLD_LOADS,
        tagMedianMs: round(median(at(tag))),
        // One inline credentialed fetch to the same /event from the page itself.
        baselineMedianMs: round(median(at(baseline))),
        ratio: round(median(at(tag)) / median(at(baseline)), 2),
        target: 1.3,
        // The limit of this design: one cross-site iframe from the DCS, one credentialed /event, one postMessage.
        frameBaselineMedianMs: round(median(at(frameBaseline))),
        ratioToFrameBaseline: round(median(at(tag)) / median(at(frameBaseline)), 2),
        tagMs: at(tag).map((v) => round(v)),
        baselineMs: at(baseline).map((v) => round(v)),
        frameBaselineMs: at(frameBaseline).map((v) => round(v)),
        // What each page got from the DCS (first load): the same signals, the same segments.
        tagSegments: tag[0]?.segments ?? [],
        frameBaselineSegments: frameBaseline[0]?.segments ?? [],
        // The frame baseline's /event goes through the bench's front: one loopback hop more than ours (median, from Node).
        frontHopMs: round(await frontHop(dcs, front), 2),
      },
      hostMainThread: {
        // Every script on the top-level page's main thread, navigation to the answer + SETTLE_MS, in the alternated loads.
        settleMs: SETTLE_MS,
        tagScriptMedianMs: round(median(scriptMs(tag)), 2),
        frameBaselineScriptMedianMs: round(median(scriptMs(frameBaseline)), 2),
        baselineScriptMedianMs: round(median(scriptMs(baseline)), 2),
        tagMinusFrameBaselineMs: round(median(scriptMs(tag)) - median(scriptMs(frameBaseline)), 2),
        // The same on the thread's CPU clock: time the thread ran, not time it waited or was descheduled.
        tagScriptCpuMedianMs: round(median(scriptCpuMs(tag)), 2),
        frameBaselineScriptCpuMedianMs: round(median(scriptCpuMs(frameBaseline)), 2),
        tagMinusFrameBaselineCpuMs: round(median(scriptCpuMs(tag)) - median(scriptCpuMs(frameBaseline)), 2),
        tagScriptMs: scriptMs(tag).map((v) => round(v, 2)),
        frameBaselineScriptMs: scriptMs(frameBaseline).map((v) => round(v, 2)),
        // Long tasks (> 50 ms) on the host page, over all its loads.
        longTasks: { tag: longTasks(tag), frameBaseline: longTasks(frameBaseline), baseline: longTasks(baseline) },
      },
      tagMainThread: {
        tracedLoads: TRACED_LOADS,
        medianMs: round(median(traced.map((t) => t.ms)), 2),
        longTasks: Math.max(...traced.map((t) => t.longTasks)),
        targetMs: 2,
        // Of which waiting on synchronous browser calls (median per load, untraced loads).
        browserCalls: Object.fromEntries(
          labels.map((label) => [label, { medianMs: round(median(calls.map((c) => c[label]?.ms ?? 0)), 2), calls: Math.max(...calls.map((c) => c[label]?.calls ?? 0)) }]),
        ),
      },
      repeatVisitGptTargeting: {
        visits: REPEAT_VISITS,
        // From navigation start to the first ad request of the repeat visit, and whether it carried our cached key.
        firstAdRequestMedianMs: round(median(repeat.map((r) => r.at))),
        withCachedTargeting: repeat.filter((r) => r.targeted).length,
      },
      wireBytes: wireBytes(untraced[0]?.resources ?? []),
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
    await Promise.all([dcs.close(), examples.close(), front.close(), frameExamples.close()]);
  }
}

/** A config of 100 traits over 10 signal keys and 20 segments over them. */
function loadConfig() {
  const traits = Array.from({ length: 100 }, (_, i) => ({ id: 1000 + i, rule: `c_k${i % 10} == "v${i}" OR c_n${i % 10} > ${i}` }));
  const segments = Array.from({ length: 20 }, (_, i) => ({
    id: 5000 + i,
    rule: `${1000 + i}T AND (${1000 + ((i * 7) % 100)}T OR NOT ${1000 + ((i * 13) % 100)}T)`,
  }));
  return { defaultPartner: 'acme', partners: { acme: { allowedOrigins: [], traits, segments } } };
}

async function mockDcsThroughput() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(loadConfig()));
  // The DCS in its own process, so the load generator does not share its event loop.
  const { port, child } = await startMockDcsProcess(['--config', configFile]);
  try {
    const query = Array.from({ length: 10 }, (_, k) => `c_k${k}=v${k * 11}&c_n${k}=${k * 10}`).join('&');
    const load = {
      url: `http://127.0.0.1:${port}/event?d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&${query}`,
      headers: { host: 'dcs.localhost' },
      connections: CONCURRENCY,
    };
    // One second of warm-up (JIT, sockets), then the measured run.
    await autocannon({ ...load, duration: 1 });
    const result = await autocannon({ ...load, duration: LOAD_SECONDS });
    return {
      traits: 100,
      segments: 20,
      concurrency: CONCURRENCY,
      seconds: LOAD_SECONDS,
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      target: 5000,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * Issue 18's budgets against the limit of this design (the minimal-iframe baseline, same run):
 * reported, pass or fail, not enforced (timings on a shared machine move by a fifth or more).
 * @param {Awaited<ReturnType<typeof pageTimings>>} timings
 */
function designBudgets({ timeToFreshSegments, hostMainThread }) {
  const ratio = timeToFreshSegments.ratioToFrameBaseline;
  const extra = hostMainThread.tagMinusFrameBaselineMs;
  const tasks = hostMainThread.longTasks.tag;
  return {
    timeToFreshSegments: { rule: 'tag median <= 1.15 x minimal-iframe median', ratio, limit: 1.15, pass: ratio <= 1.15 },
    mainThreadScript: { rule: 'tag page script median <= minimal-iframe page + 5 ms', tagMinusBaselineMs: extra, limitMs: 5, pass: extra <= 5 },
    longTasks: { rule: 'no long task on the tag page', count: tasks, limit: 0, pass: tasks === 0 },
  };
}

const timings = await pageTimings();
const report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  sizes: sizes(),
  ...timings,
  budgets: designBudgets(timings),
  mockDcs: await mockDcsThroughput(),
  // N route changes of a single-page app (BENCH_SPA_ROUTES): exactly N page views at the DCS.
  spaSoak: await spaSoak({ routes: Number(process.env.BENCH_SPA_ROUTES ?? 500) }),
  // 60 s of new visitors (BENCH_SOAK_SECONDS): memory must stay flat once the store is full.
  mockDcsSoak: await mockDcsSoak({ seconds: Number(process.env.BENCH_SOAK_SECONDS ?? 60) }),
};
writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
for (const [name, budget] of Object.entries(report.budgets)) console.error(`budget ${name}: ${budget.pass ? 'pass' : 'FAIL'} (${budget.rule})`);
