// @ts-check
// Destroy and re-create, for minutes: what an app does that creates the relay in a component and
// destroys it when the component unmounts (a router, a consent dialog, a hot reload). The npm
// build (`createAudienceRelay`, packages/tag/dist/index.js) on a publisher page in real Chromium,
// against mock-dcs. In a loop each cycle creates a relay, gives a signal of its own
// (`c_seq=r<n>`), declares an ID, asks `ready`, and destroys it at one of four moments, in turn:
// at once (the frame not yet mounted or connecting), after `connected`, while its event call is
// in flight (the DCS holds each call `dcsLatencyMs`), and after `ready` settled. Every `ready`
// must settle; every call made after `destroy` must reject with DESTROYED. Every
// `sampleEverySeconds`, after a full garbage collection, it samples the page: JS heap, nodes,
// JS event listeners, listeners on window and document, iframes, the page's pending timers and
// intervals (counted by wrappers installed before any script), with the DCS's event calls.
// Least-squares slopes over the second half say whether anything grows.
//
//   npm run build && node bench/tag-recreate-soak.mjs                # 120 s
//   RECREATE_SECONDS=300 node bench/tag-recreate-soak.mjs
// Loopback only.
import { chromium } from '@playwright/test';
import { demoConfig, startMockDcs } from '@audience-relay/mock-dcs';
import { launchOptions } from '@audience-relay/testing';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { countTimers, slopes } from './spa-soak-long.mjs';

const KB = 1024;
const tagJs = readFileSync(fileURLToPath(new URL('../packages/tag/dist/index.js', import.meta.url)), 'utf8');

/** The publisher: a page that exposes the npm build's createAudienceRelay, and the build itself. */
async function startPublisher() {
  const server = createServer((req, res) => {
    if (req.url === '/tag.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(tagJs);
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>recreate soak</title>
<script type="module">import { createAudienceRelay } from '/tag.js'; window.createAudienceRelay = createAudienceRelay;</script>`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return { url: `http://publisher.localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

/** @param {{ seconds?: number, sampleEverySeconds?: number, dcsLatencyMs?: number }} [options] */
export async function recreateSoak({ seconds = 120, sampleEverySeconds = 20, dcsLatencyMs = 60 } = {}) {
  const dcs = await startMockDcs();
  const publisher = await startPublisher();
  dcs.setConfig(demoConfig([publisher.url]));
  if (dcsLatencyMs > 0) dcs.injectFault({ count: 10_000, latencyMs: dcsLatencyMs });
  const browser = await chromium.launch(launchOptions());
  try {
    const context = await browser.newContext();
    await context.addInitScript(countTimers);
    const page = await context.newPage();
    /** @type {string[]} */
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(publisher.url);
    await page.waitForFunction(() => typeof (/** @type {any} */ (window).createAudienceRelay) === 'function');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics: list } = await cdp.send('Performance.getMetrics');
      /** @type {Record<string, number>} */
      const m = Object.fromEntries(list.map((x) => [x.name, x.value]));
      const heap = await cdp.send('Runtime.getHeapUsage');
      return { heapKB: Math.round(heap.usedSize / KB), nodes: m.Nodes ?? 0, jsListeners: m.JSEventListeners ?? 0, documents: m.Documents ?? 0 };
    };
    /** @param {string} expression */
    const listenersOn = async (expression) => {
      const { result } = await cdp.send('Runtime.evaluate', { expression });
      if (!result.objectId) return -1;
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
      await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
      return listeners.length;
    };
    const started = Date.now();
    /** @type {Array<Record<string, any>>} */
    const samples = [];
    let cycles = 0;
    const sample = async () => {
      const inPage = await page.evaluate(() => ({
        timers: /** @type {any} */ (window).__soakTimers(),
        iframes: document.querySelectorAll('iframe').length,
        domElements: document.getElementsByTagName('*').length,
      }));
      samples.push({
        atSeconds: Math.round((Date.now() - started) / 1000),
        cycles,
        dcsEventCalls: (await (await fetch(`http://127.0.0.1:${dcs.port}/__admin/stats`)).json()).requests.total,
        page: { ...(await metrics()), windowListeners: await listenersOn('window'), documentListeners: await listenersOn('document'), ...inPage },
        pageErrors: pageErrors.length,
      });
    };
    // The page's record of every cycle, kept in counters only (no per-cycle records: they would grow the heap).
    await page.evaluate(() => {
      /** @type {any} */ (window).__cycles = { made: 0, readySettled: 0, readyStatuses: {}, afterDestroy: {}, connected: 0 };
    });
    await sample();
    const until = started + seconds * 1000;
    while (Date.now() < until) {
      const chunkMs = Math.min(sampleEverySeconds * 1000, until - Date.now());
      cycles = await page.evaluate(
        async ({ chunkMs, from, dcs }) => {
          const w = /** @type {any} */ (window);
          const rec = w.__cycles;
          const count = (/** @type {Record<string, number>} */ o, /** @type {string} */ k) => void (o[k] = (o[k] ?? 0) + 1);
          const end = Date.now() + chunkMs;
          let n = from;
          while (Date.now() < end) {
            const relay = w.createAudienceRelay({ partner: 'acme', dcs, timeoutMs: 3000 });
            rec.made++;
            const connected = new Promise((resolve) => relay.on('connected', () => (rec.connected++, resolve(undefined))));
            relay.signals({ c_seq: `r${n}`, c_section: 'sports' });
            relay.ids({ code: 'crm', dpuuid: `c${n % 100}` });
            const ready = relay.ready({ timeoutMs: 2500 }).then((/** @type {any} */ r) => (rec.readySettled++, count(rec.readyStatuses, r.status)));
            const moment = n % 4;
            if (moment === 1) await Promise.race([connected, new Promise((r) => setTimeout(r, 3000))]);
            if (moment === 2) {
              await Promise.race([connected, new Promise((r) => setTimeout(r, 3000))]);
              relay.signals({ c_seq: `r${n}x` });
              await new Promise((r) => setTimeout(r, 10));
            }
            if (moment === 3) await ready;
            relay.destroy();
            // After destroy: what a late call does (nothing may be sent), and ready settles.
            try {
              relay.signals({ c_after: '1' });
              count(rec.afterDestroy, 'signals accepted, not sent');
            } catch (/** @type {any} */ e) {
              count(rec.afterDestroy, `signals threw ${e?.code ?? e}`);
            }
            await relay.ready({ timeoutMs: 500 }).then((/** @type {any} */ r) => count(rec.afterDestroy, `ready ${r.status}${r.error ? ` ${r.error.code}` : ''}`));
            await ready;
            n++;
            await new Promise((r) => setTimeout(r, 20));
          }
          return n;
        },
        { chunkMs, from: cycles, dcs: dcs.url },
      );
      await sample();
    }
    await new Promise((r) => setTimeout(r, 4000));
    await sample();
    const record = await page.evaluate(() => /** @type {any} */ (window).__cycles);
    // The DCS's side, per destroy moment (its log keeps the last 1000 calls: read here, at the end).
    const moments = ['at once', 'after connected', 'call in flight', 'after ready'];
    /** @type {Record<string, Record<string, number>>} */
    const atTheDcs = Object.fromEntries(moments.map((m) => [m, {}]));
    const logged = dcs.requests().filter((r) => r.status === 200);
    const firstLogged = Number(/^r(\d+)/.exec(String(logged[0]?.signals.c_seq?.[0] ?? ''))?.[1] ?? 0);
    /** @type {Map<string, number>} */
    const times = new Map();
    for (const r of logged) for (const v of r.signals.c_seq ?? []) times.set(v, (times.get(v) ?? 0) + 1);
    for (let n = firstLogged + 1; n < cycles; n++) {
      for (const v of n % 4 === 2 ? [`r${n}`, `r${n}x`] : [`r${n}`]) {
        const k = `${v.endsWith('x') ? 'the in-flight value' : 'the cycle value'} processed ${times.get(v) ?? 0}x`;
        const bucket = /** @type {Record<string, number>} */ (atTheDcs[/** @type {string} */ (moments[n % 4])]);
        bucket[k] = (bucket[k] ?? 0) + 1;
      }
    }
    const warm = samples.slice(Math.floor(samples.length / 2));
    const middle = samples[Math.floor(samples.length / 2)];
    const last = samples[samples.length - 1];
    return {
      seconds,
      dcsLatencyMs,
      cycles,
      record,
      atTheDcs,
      dcsEventCalls: last?.dcsEventCalls,
      pageErrors,
      endToMiddle: middle && last ? { heap: Math.round((last.page.heapKB / middle.page.heapKB) * 100) / 100, atSeconds: `${middle.atSeconds} -> ${last.atSeconds}` } : null,
      samples,
      slopesPerMinuteSecondHalf: slopes(warm, ['page.heapKB', 'page.nodes', 'page.jsListeners', 'page.windowListeners', 'page.documentListeners', 'page.timers.pending', 'page.timers.intervals', 'page.iframes', 'page.domElements']),
    };
  } finally {
    await browser.close();
    await Promise.all([dcs.close(), publisher.close()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const env = process.env;
  const number = (/** @type {string | undefined} */ value) => (value === undefined ? undefined : Number(value));
  const options = Object.fromEntries(
    Object.entries({ seconds: number(env.RECREATE_SECONDS), sampleEverySeconds: number(env.RECREATE_SAMPLE_EVERY), dcsLatencyMs: number(env.RECREATE_DCS_LATENCY_MS) }).filter(([, v]) => v !== undefined),
  );
  console.log(JSON.stringify(await recreateSoak(options), null, 2));
}
