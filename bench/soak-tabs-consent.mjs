// @ts-check
// Many tabs of one publisher sharing one DCS frame origin, for minutes, with the visitor
// changing their mind: the consent example (`/consent/?cmp=given`, the stand-in IAB CMP) open
// in `tabs` tabs of one browser profile (one `demdex` cookie, one frame storage), against
// mock-dcs (the demo config, with an ID sync). In a loop, tab after tab gives a value of its own
// (`c_seq=<tab>-<turn>`) and every 5th turn asks `ready` without awaiting it; every
// `flipEvery` turns one tab's visitor clicks "Refuse all" and, a few turns later, "Accept all"
// (consent flipping repeatedly, as a CMP's privacy settings allow); every `moveEvery` turns a
// tab's DCS frame element is moved (the frame reloads, as frameworks re-parent nodes), right
// after a value was given, so its call is queued or in flight. At `optOutAt` (a fraction of the
// run) tab 0 calls optOut; every tab goes on giving values; then tab 0 destroys its relay and
// configures a new one (opt-out then new config).
//
// Checked at the end, from the DCS's request log and every request the browser made:
// - each value given with consent processed by the DCS exactly once, or reported to the page;
// - no value given while refused or after the opt-out processed then (those processed later,
//   after a new grant, are counted apart);
// - no call reached the DCS with a TC string that grants no consent (error 315: Audience
//   Manager then opts the visitor out for good, "cannot be opted back in"), no error 171;
// - after the opt-out: no event call that names a device (d_uuid, d_mid), no answer with a
//   device ID, no ID sync fired, in any tab; every `ready` settled.
// Memory: the pages' JS heaps (after GC) and this process's (mock-dcs runs in it) at the middle
// and at the end.
//
//   npm run build && node --expose-gc bench/soak-tabs-consent.mjs            # 180 s, 4 tabs
//   TABS_SOAK_SECONDS=60 TABS_SOAK_TABS=3 node --expose-gc bench/soak-tabs-consent.mjs
//   TABS_SOAK_TOGETHER=1 TABS_SOAK_PROFILE=blocked node --expose-gc bench/soak-tabs-consent.mjs
// (TOGETHER: the tabs open at once, their first calls racing for the device ID; PROFILE: the QA
// kit's cookie profile, allowed | blocked | partitioned.) `deviceIdsBeforeOptOut` lists the calls
// per device ID the DCS answered: one device, one entry.
// Loopback only.
import { chromium } from '@playwright/test';
import { demoConfig, startMockDcs } from '@audience-relay/mock-dcs';
import { launchOptions, profilePreferences } from '@audience-relay/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startExamplesServer } from '../examples/server.mjs';

const KB = 1024;
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {{ seconds?: number, tabs?: number, intervalMs?: number, flipEvery?: number, moveEvery?: number, optOutAt?: number, dcsLatencyMs?: number, together?: boolean, profile?: import('@audience-relay/testing').BrowserProfile }} [options] */
export async function tabsConsentSoak({ seconds = 180, tabs = 4, intervalMs = 150, flipEvery = 20, moveEvery = 35, optOutAt = 0.8, dcsLatencyMs = 40, together = false, profile = 'allowed' } = {}) {
  const dcs = await startMockDcs();
  const examples = await startExamplesServer({ dcsUrl: dcs.url });
  const config = demoConfig([examples.url]);
  // An ID sync, so "no sync after the opt-out" means something; it points at the examples server.
  const acme = config.partners.acme;
  if (!acme) throw new Error('the demo config has no acme partner');
  acme.idSyncs = [{ id: 411, dpid: 411, url: `${examples.url}/sync-probe?uid=\${DD_UUID}`, ttlMinutes: 1 }];
  dcs.setConfig(config);
  if (dcsLatencyMs > 0) dcs.injectFault({ count: 10_000, latencyMs: dcsLatencyMs });

  /** Every request the browser made: time, URL. @type {Array<{ t: number, url: string }>} */
  const browserRequests = [];
  /** The DCS's request log, read often (it keeps the last calls only). @type {Array<import('@audience-relay/mock-dcs').RecordedRequest>} */
  const dcsLog = [];
  const seen = new WeakSet();
  const readDcsLog = () => {
    for (const r of dcs.requests()) {
      if (seen.has(r)) continue;
      seen.add(r);
      dcsLog.push(r);
    }
  };

  // One profile directory: the QA kit's cookie profile (third-party cookies allowed, blocked or
  // partitioned) is a preference of the profile, as in bench/adobe-clients-lab.mjs.
  const profileDir = mkdtempSync(join(tmpdir(), 'tabs-soak-'));
  mkdirSync(join(profileDir, 'Default'));
  writeFileSync(join(profileDir, 'Default', 'Preferences'), JSON.stringify(profilePreferences(profile)));
  const context = await chromium.launchPersistentContext(profileDir, launchOptions());
  try {
    context.on('request', (request) => void browserRequests.push({ t: Date.now(), url: request.url() }));
    /** @type {import('@playwright/test').Page[]} */
    const pages = [];
    /** @type {string[]} */
    const pageErrors = [];
    // `together`: every tab opened at once (a session restored, links opened in new tabs), so
    // their first calls race for the device ID; else one after the other, each answered first.
    const opened = [];
    for (let i = 0; i < tabs; i++) {
      const page = i === 0 ? (context.pages()[0] ?? (await context.newPage())) : await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`tab ${i}: ${String(error)}`));
      const open = async () => {
        await page.goto(`${examples.url}/consent/?cmp=given`);
        await page.evaluate(() => /** @type {any} */ (window).audienceRelay('ready', { timeoutMs: 15000 }));
      };
      if (together) opened.push(open());
      else await open();
      pages.push(page);
    }
    await Promise.all(opened);
    for (const page of pages) {
      await page.evaluate(() => {
        const w = /** @type {any} */ (window);
        w.__soak = { ready: { made: 0, settled: 0, statuses: /** @type {Record<string, number>} */ ({}) }, failed: /** @type {Record<string, string[]>} */ ({}), dropped: /** @type {string[]} */ ([]) };
        const valuesOf = (/** @type {any} */ params) => [].concat(params?.signals?.c_seq ?? []).map(String);
        w.audienceRelay('on', 'debug', (/** @type {any} */ e) => {
          if (e.type === 'answered' && e.call.error) for (const v of valuesOf(e.call.params)) (w.__soak.failed[v] ??= []).push(e.call.error.code);
          if (e.type === 'dropped') for (const v of valuesOf(e.params)) w.__soak.dropped.push(v);
        });
      });
    }
    readDcsLog();

    /** What the soak did to each value: the tab, and the visitor's state when it was given. @type {Map<string, { tab: number, state: 'granted' | 'refused' | 'opted-out', t: number }>} */
    const given = new Map();
    /** @type {Array<'granted' | 'refused'>} */
    const consentOf = pages.map(() => 'granted');
    /** Turn at which a refused tab accepts again. @type {Array<number | null>} */
    const acceptAt = pages.map(() => null);
    let flips = 0;
    let moves = 0;
    let optedOutAt = 0;
    let reconfigured = false;
    const started = Date.now();
    const end = started + seconds * 1000;
    const optOutTime = started + seconds * 1000 * optOutAt;
    /** @type {Array<Record<string, unknown>>} */
    const samples = [];
    const sample = async (/** @type {string} */ label) => {
      readDcsLog();
      /** @type {number[]} */
      const heaps = [];
      for (const page of pages) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('HeapProfiler.collectGarbage');
        heaps.push(Math.round((await cdp.send('Runtime.getHeapUsage')).usedSize / KB));
        await cdp.detach();
      }
      /** @type {any} */ (globalThis).gc?.();
      const mem = process.memoryUsage();
      samples.push({ label, atSeconds: Math.round((Date.now() - started) / 1000), valuesGiven: given.size, dcsEventCalls: dcsLog.length, pageHeapsKB: heaps, nodeRssMB: Math.round(mem.rss / KB / KB), nodeHeapMB: Math.round(mem.heapUsed / KB / KB), profiles: dcs.profiles().length });
    };

    let turn = 0;
    let sampledMiddle = false;
    while (Date.now() < end) {
      turn++;
      const tab = turn % tabs;
      const page = pages[tab];
      if (!page) break;
      if (!optedOutAt && Date.now() >= optOutTime) {
        // Tab 0's visitor opts out; the others go on as they were.
        await pages[0]?.evaluate(() => /** @type {any} */ (window).audienceRelay('optOut'));
        optedOutAt = Date.now();
      }
      if (optedOutAt && !reconfigured && Date.now() >= optedOutAt + 3000) {
        // Opt-out, then a new config (an app re-creating its relay): the new relay must stay opted out.
        await pages[0]?.evaluate((dcsUrl) => {
          const w = /** @type {any} */ (window);
          w.audienceRelay('destroy');
          w.audienceRelay('config', { partner: 'acme', dcs: dcsUrl, timeoutMs: 1500, consent: { timeoutMs: 1000 } });
          w.audienceRelay('on', 'debug', (/** @type {any} */ e) => {
            if (e.type === 'answered' && e.call.error) for (const v of [].concat(e.call.params?.signals?.c_seq ?? []).map(String)) (w.__soak.failed[v] ??= []).push(e.call.error.code);
          });
        }, dcs.url);
        reconfigured = true;
      }
      // Consent: this tab's visitor changes their mind now and then.
      if (acceptAt[tab] !== null && turn >= /** @type {number} */ (acceptAt[tab])) {
        await page.getByRole('button', { name: 'Accept all' }).click();
        consentOf[tab] = 'granted';
        acceptAt[tab] = null;
      } else if (!optedOutAt && turn % flipEvery === 0 && consentOf[tab] === 'granted') {
        await page.getByRole('button', { name: 'Refuse all' }).click();
        consentOf[tab] = 'refused';
        acceptAt[tab] = turn + tabs * (1 + (turn % 3));
        flips++;
      }
      const value = `${tab}-${turn}`;
      given.set(value, { tab, state: optedOutAt ? 'opted-out' : /** @type {'granted' | 'refused'} */ (consentOf[tab]), t: Date.now() });
      const move = moveEvery > 0 && turn % moveEvery === 0;
      await page.evaluate(
        ({ value, ask, move }) => {
          const w = /** @type {any} */ (window);
          w.audienceRelay('signals', { c_seq: value });
          if (ask) {
            w.__soak.ready.made++;
            w.audienceRelay('ready', { timeoutMs: 3000 }).then((/** @type {any} */ r) => {
              w.__soak.ready.settled++;
              w.__soak.ready.statuses[r.status] = (w.__soak.ready.statuses[r.status] ?? 0) + 1;
            });
          }
          if (move) {
            // The frame's element moved: the frame reloads while this value's call is queued or in flight.
            const frame = [...document.querySelectorAll('iframe')].find((f) => f.src.includes('/frame.html'));
            if (frame?.parentNode) frame.parentNode.appendChild(frame);
          }
        },
        { value, ask: turn % 5 === 0, move },
      );
      if (move) moves++;
      if (turn % 20 === 0) readDcsLog();
      if (!sampledMiddle && Date.now() >= started + (seconds * 1000) / 2) {
        sampledMiddle = true;
        await sample('middle');
      }
      await sleep(intervalMs);
    }
    // Drain: every tab's queue empties (or its calls fail and say so).
    for (const page of pages) await page.evaluate(() => /** @type {any} */ (window).audienceRelay('ready', { timeoutMs: 8000 }).catch(() => null));
    await sleep(2000);
    await sample('end');
    readDcsLog();

    // The DCS's side: which values it processed, how often, and with which errors.
    /** @type {Map<string, number>} */
    const processed = new Map();
    /** @type {Map<string, number>} */
    const firstProcessedAt = new Map();
    /** @type {Record<string, number>} */
    const errorCounts = {};
    /** Device IDs the DCS answered, and how many calls each (before the opt-out). @type {Record<string, number>} */
    const uuids = {};
    let answersWithUuidAfterOptOut = 0;
    let eventCallsAfterOptOut = 0;
    for (const r of dcsLog) {
      for (const code of r.errors) errorCounts[code] = (errorCounts[code] ?? 0) + 1;
      if (!r.path.startsWith('/event')) continue;
      if (r.uuid && (!optedOutAt || r.time <= optedOutAt)) uuids[r.uuid] = (uuids[r.uuid] ?? 0) + 1;
      if (optedOutAt && r.time > optedOutAt + 200) {
        eventCallsAfterOptOut++;
        if (r.uuid) answersWithUuidAfterOptOut++;
      }
      if (r.status !== 200) continue;
      for (const v of [].concat(/** @type {any} */ (r.signals)?.c_seq ?? []).map(String)) {
        processed.set(v, (processed.get(v) ?? 0) + 1);
        if (!firstProcessedAt.has(v)) firstProcessedAt.set(v, r.time);
      }
    }
    // The pages' side.
    const pageStates = await Promise.all(pages.map((p) => p.evaluate(() => /** @type {any} */ (window).__soak)));
    /** @type {Record<string, string[]>} */
    const failed = Object.assign({}, ...pageStates.map((s) => s.failed));
    const dropped = new Set(pageStates.flatMap((s) => s.dropped));
    /** @type {Record<string, number>} */
    const classes = {};
    /** @type {Record<string, string[]>} */
    const examplesOf = {};
    for (const [value, { state, t }] of given) {
      const n = processed.get(value) ?? 0;
      const cls =
        state === 'granted'
          ? n === 1 ? 'granted: processed once' : n > 1 ? 'granted: PROCESSED MORE THAN ONCE' : failed[value] ? `granted: not processed, page told ${failed[value]?.join('/')}` : dropped.has(value) ? 'granted: dropped (reported)' : 'granted: LOST (never processed, page not told)'
          : state === 'refused'
            ? n === 0 ? 'refused: never processed' : `refused: processed ${n > 1 ? 'MORE THAN ONCE ' : ''}after a new grant (${Math.round(((firstProcessedAt.get(value) ?? t) - t) / 100) / 10 >= 0 ? 'later' : '?'})`
            : n === 0 ? 'opted out: never processed' : 'opted out: PROCESSED AFTER THE OPT-OUT';
      classes[cls] = (classes[cls] ?? 0) + 1;
      (examplesOf[cls] ??= []).length < 5 && examplesOf[cls]?.push(value);
    }
    // Every request the browser made after the opt-out: event calls naming a device, ID syncs.
    const after = optedOutAt ? browserRequests.filter((r) => r.t > optedOutAt + 200) : [];
    const eventUrlsAfter = after.filter((r) => r.url.includes('/event'));
    const ready = pageStates.reduce((acc, s) => ({ made: acc.made + s.ready.made, settled: acc.settled + s.ready.settled }), { made: 0, settled: 0 });
    /** @type {Record<string, number>} */
    const readyStatuses = {};
    for (const s of pageStates) for (const [k, v] of Object.entries(s.ready.statuses)) readyStatuses[k] = (readyStatuses[k] ?? 0) + /** @type {number} */ (v);
    return {
      seconds,
      tabs,
      turns: turn,
      flips,
      frameMoves: moves,
      valuesGiven: given.size,
      dcsCalls: dcsLog.length,
      values: classes,
      examples: examplesOf,
      dcsErrors: errorCounts,
      deviceIdsBeforeOptOut: Object.values(uuids).sort((a, b) => b - a),
      optOut: {
        atSeconds: optedOutAt ? Math.round((optedOutAt - started) / 1000) : null,
        reconfigured,
        eventCallsAfter: eventCallsAfterOptOut,
        answersWithUuidAfter: answersWithUuidAfterOptOut,
        eventCallsWithDeviceIdAfter: eventUrlsAfter.filter((r) => /[?&]d_(uuid|mid)=/.test(r.url)).length,
        syncsFiredAfter: after.filter((r) => r.url.includes('/sync-probe')).length,
        syncsFiredBefore: browserRequests.filter((r) => r.url.includes('/sync-probe') && (!optedOutAt || r.t <= optedOutAt)).length,
      },
      ready: { ...ready, statuses: readyStatuses },
      pageErrors,
      samples,
    };
  } finally {
    await context.close();
    await Promise.all([dcs.close(), examples.close()]);
    rmSync(profileDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const env = process.env;
  const result = await tabsConsentSoak({
    seconds: Number(env.TABS_SOAK_SECONDS ?? 180),
    tabs: Number(env.TABS_SOAK_TABS ?? 4),
    together: env.TABS_SOAK_TOGETHER === '1',
    profile: /** @type {import('@audience-relay/testing').BrowserProfile} */ (env.TABS_SOAK_PROFILE ?? 'allowed'),
  });
  console.log(JSON.stringify(result, null, 2));
  const bad = Object.keys(result.values).some((k) => /[A-Z]{4}/.test(k)) || result.ready.made !== result.ready.settled || result.optOut.answersWithUuidAfter > 0 || result.optOut.eventCallsWithDeviceIdAfter > 0 || result.optOut.syncsFiredAfter > 0 || (result.dcsErrors[315] ?? 0) > 0;
  process.exitCode = bad ? 1 : 0;
}
