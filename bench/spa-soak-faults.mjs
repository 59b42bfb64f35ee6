// @ts-check
// The SPA under a DCS that is slow, failing and rate-limiting, for minutes: does every value the
// page gives reach the DCS once, and is every one that does not reported to the page?
//
// The SPA example in real Chromium gives one signal with a value of its own every turn
// (`c_seq=s<n>`, each in its own tick: its own event call), changes route every 20th turn
// (autoPageView) and awaits `ready` every 10th. Meanwhile the DCS goes through phases, by the
// admin API: normal, slow (every call 1.5 s late), failing (HTTP 503), dropping connections,
// malformed answers, rate-limited (`rateLimitPerSecond`, 429 with Retry-After), normal again.
// At the end the page waits for its queue to empty; then every value is classed by what the
// DCS recorded (processed with 200, or received and refused) and what the page's debug stream
// said (answered, failed with a code, dropped from a full queue).
//
//   npm run build && node bench/spa-soak-faults.mjs            # about 7 minutes
//   SPA_FAULTS_SCALE=0.3 node bench/spa-soak-faults.mjs       # the same phases, shorter
// Loopback only.
import { chromium } from '@playwright/test';
import { demoConfig, startMockDcs } from '@audience-relay/mock-dcs';
import { launchOptions } from '@audience-relay/testing';
import { startExamplesServer } from '../examples/server.mjs';

const scale = Number(process.env.SPA_FAULTS_SCALE ?? 1);
const turnMs = Number(process.env.SPA_FAULTS_TURN_MS ?? 250);
const KB = 1024;

const dcs = await startMockDcs();
const examples = await startExamplesServer({ dcsUrl: dcs.url });
const baseConfig = demoConfig([examples.url]);
dcs.setConfig(baseConfig);
const admin = `http://127.0.0.1:${dcs.port}/__admin`;
const clearFaults = () => fetch(`${admin}/faults`, { method: 'DELETE', headers: { 'content-type': 'application/json', host: 'localhost' } });

/** Every request the DCS recorded, each once (the log keeps the last 1000: polled often). */
const seen = new WeakSet();
/** @type {import('@audience-relay/mock-dcs').RecordedRequest[]} */
const recorded = [];
const poll = setInterval(() => {
  for (const r of dcs.requests()) if (!seen.has(r)) (seen.add(r), recorded.push(r));
}, 200);

/** @type {Array<{ name: string, seconds: number, start: () => unknown }>} */
const phases = [
  { name: 'normal', seconds: 45, start: () => clearFaults() },
  { name: 'slow 1.5 s', seconds: 45, start: () => dcs.injectFault({ count: 10000, latencyMs: 1500 }) },
  { name: 'normal', seconds: 30, start: () => clearFaults() },
  { name: 'HTTP 503', seconds: 30, start: () => dcs.injectFault({ count: 10000, status: 503 }) },
  { name: 'connection dropped', seconds: 30, start: () => dcs.injectFault({ count: 10000, dropConnection: true }) },
  { name: 'malformed answer', seconds: 30, start: () => dcs.injectFault({ count: 10000, malformedBody: true }) },
  { name: 'normal', seconds: 20, start: () => clearFaults() },
  { name: 'rate-limited 2/s', seconds: 60, start: () => dcs.setConfig({ ...baseConfig, partners: Object.fromEntries(Object.entries(baseConfig.partners).map(([k, p]) => [k, { ...p, rateLimitPerSecond: 2 }])) }) },
  { name: 'normal', seconds: 60, start: () => dcs.setConfig(baseConfig) },
];

const browser = await chromium.launch(launchOptions());
try {
  const page = await browser.newPage();
  /** @type {string[]} */
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${examples.url}/spa/`);
  await page.evaluate(() => /** @type {any} */ (window).audienceRelay('ready', { timeoutMs: 15000 }));
  const cdp = await page.context().newCDPSession(page);
  const heapKB = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return Math.round((await cdp.send('Runtime.getHeapUsage')).usedSize / KB);
  };
  const heap = { start: await heapKB(), middle: 0, end: 0 };

  // The page's side: give values, listen to the debug stream.
  await page.evaluate((turnMs) => {
    const w = /** @type {any} */ (window);
    const relay = w.audienceRelay;
    /** @type {Record<string, { sent: number, answered: number, failed: string[], dropped: number }>} */
    const byValue = {};
    const entry = (/** @type {string} */ v) => (byValue[v] ??= { sent: 0, answered: 0, failed: [], dropped: 0 });
    const valuesOf = (/** @type {any} */ params) => [].concat(params?.signals?.c_seq ?? []).map(String);
    relay('on', 'debug', (/** @type {any} */ e) => {
      if (e.type === 'sent') for (const v of valuesOf(e.call.params)) entry(v).sent++;
      if (e.type === 'answered') for (const v of valuesOf(e.call.params)) e.call.error ? entry(v).failed.push(e.call.error.code) : entry(v).answered++;
      if (e.type === 'dropped') for (const v of valuesOf(e.params)) entry(v).dropped++;
    });
    let i = 0;
    let running = true;
    /** @type {Record<string, number>} */
    const readyStatuses = {};
    const turn = async () => {
      if (!running) return;
      const n = i++;
      if (n % 20 === 0) history.pushState({}, '', `/spa/r${n}`);
      relay('signals', { c_seq: `s${n}` }).catch(() => {});
      if (n % 10 === 0) {
        const r = await relay('ready', { timeoutMs: 2000 });
        readyStatuses[r.status] = (readyStatuses[r.status] ?? 0) + 1;
      }
      setTimeout(turn, turnMs);
    };
    void turn();
    w.__soak = { byValue, stop: () => { running = false; return i; }, readyStatuses, given: () => i };
  }, turnMs);

  const started = Date.now();
  /** @type {Array<{ name: string, fromTurn: number, toTurn: number }>} */
  const done = [];
  for (const [index, phase] of phases.entries()) {
    const fromTurn = await page.evaluate(() => /** @type {any} */ (window).__soak.given());
    await phase.start();
    await new Promise((r) => setTimeout(r, phase.seconds * scale * 1000));
    done.push({ name: phase.name, fromTurn, toTurn: await page.evaluate(() => /** @type {any} */ (window).__soak.given()) });
    if (index === Math.floor(phases.length / 2)) heap.middle = await heapKB();
  }
  const given = await page.evaluate(() => /** @type {any} */ (window).__soak.stop());
  // Let the queue empty (a normal DCS): up to 101 calls at a few ms each.
  const drainStarted = Date.now();
  const snapshot = () => page.evaluate(() => /** @type {any} */ (window).audienceRelay('snapshot'));
  for (let s = await snapshot(); (s.queued || s.inFlight) && Date.now() - drainStarted < 120_000; s = await snapshot()) {
    await new Promise((r) => setTimeout(r, 250));
  }
  const drainMs = Date.now() - drainStarted;
  await new Promise((r) => setTimeout(r, 1500));
  heap.end = await heapKB();
  const { byValue, readyStatuses } = await page.evaluate(() => ({ byValue: /** @type {any} */ (window).__soak.byValue, readyStatuses: /** @type {any} */ (window).__soak.readyStatuses }));
  const last = await snapshot();
  clearInterval(poll);
  for (const r of dcs.requests()) if (!seen.has(r)) (seen.add(r), recorded.push(r));

  // The DCS's side, per value.
  /** @type {Map<string, { processed: number, refused: number[] }>} */
  const atDcs = new Map();
  for (const r of recorded) {
    const values = r.status === 200 || r.status === 302 ? (r.signals.c_seq ?? []) : new URLSearchParams(r.path.split('?')[1] ?? '').getAll('c_seq');
    for (const v of values) {
      const e = atDcs.get(v) ?? { processed: 0, refused: [] };
      if (r.status === 200) e.processed++;
      else e.refused.push(r.status);
      atDcs.set(v, e);
    }
  }
  const classes = /** @type {Record<string, number>} */ ({});
  /** @type {Record<string, string[]>} */
  const examplesOf = {};
  const phaseOf = (/** @type {number} */ n) => done.find((p) => n >= p.fromTurn && n < p.toTurn)?.name ?? 'end';
  for (let n = 0; n < given; n++) {
    const v = `s${n}`;
    const d = atDcs.get(v) ?? { processed: 0, refused: [] };
    const t = byValue[v] ?? { sent: 0, answered: 0, failed: [], dropped: 0 };
    let c;
    if (d.processed === 1 && t.answered === 1) c = 'processed once, answered';
    else if (d.processed === 1 && t.failed.length) c = `processed once, page told ${t.failed.join('+')}`;
    else if (d.processed > 1) c = `processed ${d.processed} times`;
    else if (d.processed === 0 && t.dropped) c = 'never sent: dropped from a full queue (reported)';
    else if (d.processed === 0 && t.failed.length) c = `never processed (DCS ${d.refused.join('+') || 'none'}), page told ${t.failed.join('+')}`;
    else if (d.processed === 0 && t.answered) c = `never processed (DCS ${d.refused.join('+') || 'none'}) but page told answered`;
    else c = `never processed, page told nothing (sent ${t.sent})`;
    const key = `${phaseOf(n)}: ${c}`;
    classes[key] = (classes[key] ?? 0) + 1;
    (examplesOf[key] ??= []).length < 3 && examplesOf[key].push(v);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(JSON.stringify({
    seconds, turnMs, valuesGiven: given, dcsCallsRecorded: recorded.length,
    dcsCallsPerSecond: Math.round((recorded.length / seconds) * 10) / 10,
    phases: done, classes, examplesOf, readyStatuses, drainMs,
    tag: { requests: last?.calls, queueLength: last?.queueLength, dropped: last?.dropped, lastError: last?.lastError }, pageHeapKB: heap, pageErrors,
  }, null, 2));
} finally {
  clearInterval(poll);
  await browser.close();
  await Promise.all([dcs.close(), examples.close()]);
}
