// @ts-check
// A mixed mock-dcs soak: what a long QA session or a load test of Adobe's clients brings, not
// only new visitors (bench/mock-dcs-soak.mjs does that one). Each worker loops over:
//   - a new visitor: the ID service (/id, a new MID), then a DIL-style POST /event with that
//     MID and two declared IDs (d_cid, d_cid_ic), then an ID sync (/ibs:) of a random partner ID;
//   - a returning visitor (one of `devices` cookies) declaring a NEW customer ID and syncing a
//     NEW data source on every visit: what one device can pile up on its profile;
//   - a large but valid call: a POST body just under 32 KiB;
//   - a declared-ID opt-out of a random customer ID (/demoptout.jpg?d_cid=…);
//   - a device opt-out (/demoptout.jpg with its cookie) and a pixel call (no d_rtbd: the GIF);
//   - a visitor known to four real-time content providers (stubs in this process): one slow
//     (answers in 150 ms, timeout 400), one failing (HTTP 500), one that hangs (never answers,
//     timeout 200) and one that sends its headers and then stalls the body (timeout 250); half
//     of these visitors are new (their syncs made first), half return;
// and every `configEverySeconds` the admin API replaces the config (a new partner name each
// time). With `partners` above 1 (SOAK_PARTNERS), the config holds that many partners, each with
// its own org, origin and four content providers of its own (their URLs name the partner), and
// every step picks one at random by its host (`p<n>.dcs.localhost`), as one DCS serving many
// customers does. Each sample also counts the emulator's open file descriptors (/proc). Memory is sampled every `sampleEverySeconds` after a full GC (/__admin/stats?gc=1,
// the emulator under --expose-gc), with the store's counters, the emulator's open handles by
// kind (sockets, timers), the connections the provider stubs still hold, and the latency
// (p50/p99/max) of the event calls made since the last sample.
//
//   node bench/soak-mock-dcs-mixed.mjs            # 180 s, 8 workers
//   SOAK_SECONDS=60 SOAK_WORKERS=4 node bench/soak-mock-dcs-mixed.mjs
// Loopback only. Needs `npm run build` first (it runs the built CLI).
import { request, Agent, createServer } from 'node:http';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startMockDcsProcess } from './mock-dcs-process.mjs';

const MB = 1024 * 1024;
const ORG = 'SOAK1@AdobeOrg';
const round = (/** @type {number} */ n) => Math.round(n * 10) / 10;

/** Content provider stubs: slow, failing, hanging, stalling mid-body. Each holds what it hangs on until close(). */
async function startProviderStubs() {
  /** @type {Set<import('node:http').ServerResponse>} */
  const held = new Set();
  /** @type {Record<string, number>} */
  const byPartner = {};
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const kind = url.pathname;
    const who = url.searchParams.get('partner') ?? 'acme';
    byPartner[who] = (byPartner[who] ?? 0) + 1;
    if (kind === '/slow') setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"segments":["slow"]}'), 150);
    else if (kind === '/fail') res.writeHead(500).end('no');
    else if (kind === '/hang' || kind === '/stall') {
      held.add(res);
      res.on('close', () => held.delete(res));
      if (kind === '/stall') res.writeHead(200, { 'content-type': 'application/json' }).write('{"segments":[');
    } else res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const base = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  return {
    base,
    /** Requests the stubs still hold open: each one the DCS gave up on must be closed by it. */
    held: () => held.size,
    /** Calls the DCS made to the stubs, by the partner the provider URL names. */
    byPartner: () => ({ partners: Object.keys(byPartner).length, calls: Object.values(byPartner).reduce((a, b) => a + b, 0) }),
    connections: () => new Promise((resolve) => server.getConnections((_e, n) => resolve(n))),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve(undefined)); }),
  };
}
const PROVIDER_DPIDS = [31, 32, 33, 34];

/** The process's open file descriptors (Linux), or null elsewhere. @param {number | undefined} pid */
function openFds(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

/** Least-squares slope of each figure against time, per minute. @param {Array<Record<string, any>>} samples */
function slopes(samples) {
  /** @param {(s: Record<string, any>) => number} pick */
  const slope = (pick) => {
    const n = samples.length;
    if (n < 2) return null;
    const xs = samples.map((s) => s.atSeconds / 60);
    const ys = samples.map(pick);
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    return sxx === 0 ? null : round(xs.reduce((a, x, i) => a + (x - mx) * ((ys[i] ?? 0) - my), 0) / sxx);
  };
  return { rssMB: slope((s) => s.rssMB), heapLiveMB: slope((s) => s.heapLiveMB), sockets: slope((s) => s.sockets), timers: slope((s) => s.timers), eventP99Ms: slope((s) => s.eventMs.p99 ?? 0) };
}

/** @param {number} generation @param {string} providerBase @param {number} [partners] */
function soakConfig(generation, providerBase, partners = 1) {
  /** @param {number} n */
  const partnerNumber = (n) => ({
    ...partner,
    allowedOrigins: [`https://www${n}.publisher.example`],
    orgId: `P${n}SOAK@AdobeOrg`,
    contentProviders: partner.contentProviders.map((p) => ({ ...p, url: p.url.replace('?u=', `?partner=p${n}&u=`) })),
  });
  const partner = {
    allowedOrigins: ['https://www.publisher.example'],
    orgId: ORG,
    dataSources: [{ id: 21, integrationCode: 'crm' }, { id: 22, integrationCode: 'email' }],
    traits: [
      ...Array.from({ length: 10 }, (_, i) => ({ id: 1000 + i, rule: `c_section == "s${i}" OR c_n > ${i * 10}` })),
      { id: 1100, rule: 'c_blob matches "z{3}"' },
      { id: 1101 },
    ],
    segments: Array.from({ length: 5 }, (_, i) => ({ id: 5000 + i, rule: `${1000 + i}T AND NOT ${1009 - i}T >= 3` })),
    cookieDestinations: [{ name: 'aud_seg', ttlDays: 30, key: 'seg', segments: { 5000: 'a', 5001: 'b' } }],
    destinations: [{ id: 2523, url: 'https://px.partner.example/s?seg=%ALIAS%&did=%DID%', segments: { 5000: 'a' } }],
    idSyncs: [{ id: 411, dpid: 777, url: 'https://sync.partner.example/p?uid=${DD_UUID}', ttlMinutes: 10080 }],
    contentProviders: [
      { id: 1, dpid: 31, url: `${providerBase}/slow?u=\${DPUUID}`, timeoutMs: 400 },
      { id: 2, dpid: 32, url: `${providerBase}/fail?u=\${DPUUID}`, timeoutMs: 400 },
      { id: 3, dpid: 33, url: `${providerBase}/hang?u=\${DPUUID}`, timeoutMs: 200 },
      { id: 4, dpid: 34, url: `${providerBase}/stall?u=\${DPUUID}`, timeoutMs: 250 },
    ],
  };
  // A new partner name per config generation: whatever keeps partner names must not grow with them.
  const many = partners > 1 ? Object.fromEntries(Array.from({ length: partners }, (_, n) => [`p${n}`, partnerNumber(n)])) : {};
  return { defaultPartner: 'acme', partners: { acme: partner, ...many, [`gen${generation}`]: { ...partner, orgId: `GEN${generation}@AdobeOrg` } } };
}

/**
 * @param {{ seconds?: number, workers?: number, maxProfiles?: number, devices?: number, sampleEverySeconds?: number, configEverySeconds?: number, partners?: number }} [options]
 */
export async function mixedSoak(options = {}) {
  const { seconds = 180, workers = 8, maxProfiles = 20_000, devices = 20, sampleEverySeconds = 15, configEverySeconds = 10, partners = 1 } = options;
  const stubs = await startProviderStubs();
  const configFile = join(mkdtempSync(join(tmpdir(), 'soak-mixed-')), 'config.json');
  writeFileSync(configFile, JSON.stringify(soakConfig(0, stubs.base, partners)));
  const { port, child } = await startMockDcsProcess(['--config', configFile, '--max-profiles', String(maxProfiles)], ['--expose-gc']);
  const agent = new Agent({ keepAlive: true, maxSockets: workers + 2 });
  /** @type {Record<string, number>} */
  const served = {};
  /** @type {Record<string, number>} */
  const failures = {};

  // One partner per step (by its host): a visitor's calls in a step stay with one partner.
  const pickPartner = () => (partners > 1 ? `p${Math.floor(Math.random() * partners)}` : 'acme');
  const partnerHost = (/** @type {string} */ p) => `${p}.dcs.localhost`;
  const originOf = (/** @type {string} */ p) => (p === 'acme' ? 'https://www.publisher.example' : `https://www${p.slice(1)}.publisher.example`);
  const orgOf = (/** @type {string} */ p) => (p === 'acme' ? ORG : `P${p.slice(1)}SOAK@AdobeOrg`);
  /** @type {{ plain: number[], providers: number[] }} event-call latencies (ms) since the last sample */
  let latencies = { plain: [], providers: [] };
  /**
   * @param {string} kind
   * @param {string} path
   * @param {{ method?: string, headers?: Record<string, string>, body?: string, host?: string }} [init]
   * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: string }>}
   */
  function call(kind, path, init = {}) {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, agent, method: init.method ?? 'GET', headers: { host: init.host ?? 'acme.dcs.localhost', ...init.headers } },
        (res) => {
          /** @type {Buffer[]} */
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (kind.startsWith('event')) latencies[kind.includes('provider') ? 'providers' : 'plain'].push(performance.now() - t0);
            if (status >= 200 && status < 400) served[kind] = (served[kind] ?? 0) + 1;
            else failures[`${kind} ${status}`] = (failures[`${kind} ${status}`] ?? 0) + 1;
            resolve({ status, headers: res.headers, body: Buffer.concat(chunks).toString('latin1') });
          });
        },
      );
      req.on('error', (error) => {
        failures[`${kind} ${error.message}`] = (failures[`${kind} ${error.message}`] ?? 0) + 1;
        reject(error);
      });
      req.end(init.body);
    });
  }
  const uuidOf = (/** @type {import('node:http').IncomingHttpHeaders} */ headers) => /demdex=(\d{38})/.exec(String(headers['set-cookie'] ?? ''))?.[1] ?? null;
  const random = () => Math.random().toString(36).slice(2, 12);
  const form = (/** @type {string} */ p) => ({ 'content-type': 'application/x-www-form-urlencoded', origin: originOf(p) });

  // Returning devices: a cookie each, from a first call.
  /** @type {string[]} */
  const deviceCookies = [];
  for (let i = 0; i < devices; i++) {
    const first = await call('event (device setup)', '/event?d_rtbd=json');
    deviceCookies.push(uuidOf(first.headers) ?? '');
  }
  const bigValue = 'z'.repeat(1000);
  const bigBody = ['d_rtbd=json', 'd_jsonv=1', ...Array.from({ length: 30 }, (_, i) => `c_blob${i}=${bigValue}`)].join('&');
  if (bigBody.length > 32768) throw new Error('the large body must stay valid (at most 32 KiB)');

  async function newVisitor(p = 'acme') {
    const id = await call('id', `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(orgOf(p))}&d_nsid=0&ts=${Date.now()}`, { host: p === 'acme' ? 'dpm.dcs.localhost' : partnerHost(p), headers: { origin: originOf(p) } });
    const mid = JSON.parse(id.body).d_mid;
    const cookie = `demdex=${uuidOf(id.headers)}`;
    await call('event (DIL POST)', `/event?d_dil_ver=9.5&_ts=${Date.now()}`, {
      method: 'POST',
      host: partnerHost(p),
      headers: { ...form(p), cookie },
      body: `d_mid=${mid}&d_orgid=${encodeURIComponent(orgOf(p))}&d_nsid=0&d_cid=21%01${random()}&d_cid_ic=email%01${random()}%011&c_section=s3&c_n=42&d_rtbd=json&d_jsonv=1&d_dst=1&d_ld=_ts%3D1`,
    });
    await call('ibs', `/ibs:dpid=${1 + Math.floor(Math.random() * 1e9)}&dpuuid=${random()}`, { host: partnerHost(p), headers: { cookie } });
  }

  async function returningDevice(p = 'acme') {
    const cookie = `demdex=${deviceCookies[Math.floor(Math.random() * deviceCookies.length)]}`;
    await call('event (returning device, new declared ID)', `/event?d_rtbd=json&d_cts=2&c_section=s1&d_cid=22%01${random()}${random()}${random()}`, { host: partnerHost(p), headers: { cookie } });
    await call('ibs (returning device, new data source)', `/ibs:dpid=${1 + Math.floor(Math.random() * 1e9)}&dpuuid=${random()}${random()}`, { host: partnerHost(p), headers: { cookie } });
  }

  // Devices every provider knows: their syncs made once.
  /** @type {string[]} */
  const providerDevices = [];
  for (let i = 0; i < devices; i++) {
    const first = await call('event (device setup)', '/event?d_rtbd=json');
    const cookie = `demdex=${uuidOf(first.headers)}`;
    for (const dpid of PROVIDER_DPIDS) await call('ibs (provider setup)', `/ibs:dpid=${dpid}&dpuuid=${random()}`, { headers: { cookie } });
    providerDevices.push(cookie);
  }

  async function providerVisitor(p = 'acme') {
    const host = partnerHost(p);
    /** @type {string} */
    let cookie;
    if (Math.random() < 0.5) {
      cookie = providerDevices[Math.floor(Math.random() * providerDevices.length)] ?? '';
    } else {
      // New: the first /ibs: call makes the profile; the others sync the rest.
      const first = await call('ibs (new provider visitor)', `/ibs:dpid=${PROVIDER_DPIDS[0]}&dpuuid=${random()}`, { host });
      cookie = `demdex=${uuidOf(first.headers)}`;
      for (const dpid of PROVIDER_DPIDS.slice(1)) await call('ibs (new provider visitor)', `/ibs:dpid=${dpid}&dpuuid=${random()}`, { host, headers: { cookie } });
    }
    await call('event (content providers)', `/event?d_rtbd=json&d_cts=2&c_section=s2`, { host, headers: { cookie } });
  }

  async function deviceOptOutAndPixel(p = 'acme') {
    const host = partnerHost(p);
    const first = await call('event (pixel, new device)', `/event?c_section=s4&d_sid=1101`, { host });
    const cookie = `demdex=${uuidOf(first.headers)}`;
    await call('demoptout (device)', '/demoptout.jpg', { host, headers: { cookie } });
    await call('event (opted-out device)', '/event?d_rtbd=json', { host, headers: { cookie: 'demdex=NOTARGET' } });
  }

  async function largeCall(p = 'acme') {
    await call('event (31 KiB POST)', '/event', { method: 'POST', host: partnerHost(p), headers: form(p), body: bigBody });
  }

  async function optOut(p = 'acme') {
    await call('demoptout (declared ID)', `/demoptout.jpg?d_cid=21%01${random()}`, { host: partnerHost(p) });
  }

  const started = Date.now();
  const until = started + seconds * 1000;
  const pct = (/** @type {number[]} */ xs, /** @type {number} */ p) => (xs.length === 0 ? null : Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0));
  /** @type {Array<Record<string, any>>} */
  const samples = [];
  async function sample() {
    const res = await fetch(`http://127.0.0.1:${port}/__admin/stats?gc=1`);
    const stats = /** @type {any} */ (await res.json());
    samples.push({
      atSeconds: Math.round((Date.now() - started) / 1000),
      rssMB: round(stats.memory.rssBytes / MB),
      heapLiveMB: round(stats.memory.heapUsedBytes / MB),
      heapTotalMB: round(stats.memory.heapTotalBytes / MB),
      externalMB: round(stats.memory.externalBytes / MB),
      profiles: stats.profiles.size,
      evictions: stats.profiles.evictions,
      midLinks: stats.midLinks?.size ?? null,
      requestsTotal: stats.requests.total,
      sockets: stats.resources?.TCPSocketWrap ?? 0,
      fds: openFds(child.pid),
      timers: stats.resources?.Timeout ?? 0,
      handles: stats.resources ?? null,
      providerHeld: stubs.held(),
      providerConnections: await stubs.connections(),
      eventMs: { n: latencies.plain.length, p50: pct(latencies.plain, 0.5), p99: pct(latencies.plain, 0.99), max: pct(latencies.plain, 1) },
      providerEventMs: { n: latencies.providers.length, p50: pct(latencies.providers, 0.5), p99: pct(latencies.providers, 0.99), max: pct(latencies.providers, 1) },
    });
    latencies = { plain: [], providers: [] };
  }
  await sample();
  let generation = 0;
  const configTimer = setInterval(() => {
    generation++;
    fetch(`http://localhost:${port}/__admin/config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(soakConfig(generation, stubs.base, partners)) }).then(
      (res) => void (res.ok ? (served['admin PUT config'] = (served['admin PUT config'] ?? 0) + 1) : (failures[`admin PUT ${res.status}`] = (failures[`admin PUT ${res.status}`] ?? 0) + 1)),
      () => void (failures['admin PUT error'] = (failures['admin PUT error'] ?? 0) + 1),
    );
  }, configEverySeconds * 1000);
  /** @type {Promise<void>} */
  let sampling = Promise.resolve();
  const sampleTimer = setInterval(() => void (sampling = sampling.then(sample)), sampleEverySeconds * 1000);

  const steps = [newVisitor, newVisitor, returningDevice, returningDevice, largeCall, optOut, providerVisitor, providerVisitor, deviceOptOutAndPixel];
  async function worker() {
    while (Date.now() < until) {
      const step = steps[Math.floor(Math.random() * steps.length)] ?? newVisitor;
      await step(pickPartner()).catch(() => undefined);
    }
  }
  try {
    await Promise.all(Array.from({ length: workers }, worker));
    clearInterval(configTimer);
    clearInterval(sampleTimer);
    await sampling;
    await sample();
    // One returning device: how much has its profile piled up?
    const biggest = await fetch(`http://localhost:${port}/__admin/profiles/${deviceCookies[0]}`).then((r) => r.json());
    const first = samples[1] ?? samples[0];
    const last = samples[samples.length - 1];
    const totalServed = Object.values(served).reduce((a, b) => a + b, 0);
    return {
      seconds,
      workers,
      maxProfiles,
      requestsServed: totalServed,
      requestsPerSecond: Math.round(totalServed / seconds),
      served,
      failures,
      configReplacements: generation,
      oneReturningDevice: {
        declaredIds: Object.values(/** @type {Record<string, string[]>} */ (biggest.declaredIds ?? {})).reduce((n, ids) => n + ids.length, 0),
        syncedIds: Object.keys(biggest.syncedIds ?? {}).length,
      },
      samples,
      partners,
      providerCallsByPartner: stubs.byPartner(),
      rssGrowthAfterFirstSampleMB: first && last ? round(last.rssMB - first.rssMB) : null,
      // The middle sample against the last: a bounded emulator holds about as much at the end.
      endToMiddle: ((middle) => (middle && last ? { rss: Math.round((last.rssMB / middle.rssMB) * 100) / 100, heapLive: Math.round((last.heapLiveMB / middle.heapLiveMB) * 100) / 100, fds: `${middle.fds} -> ${last.fds}`, atSeconds: `${middle.atSeconds} -> ${last.atSeconds}` } : null))(samples[Math.floor(samples.length / 2)]),
      heapGrowthAfterFirstSampleMB: first && last ? round(last.heapLiveMB - first.heapLiveMB) : null,
      // Least-squares slopes over the second half of the run (warm: the store full), per minute.
      slopesPerMinute: slopes(samples.slice(Math.floor(samples.length / 2))),
    };
  } finally {
    clearInterval(configTimer);
    clearInterval(sampleTimer);
    agent.destroy();
    child.kill('SIGTERM');
    await stubs.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const env = process.env;
  const number = (/** @type {string | undefined} */ value) => (value === undefined ? undefined : Number(value));
  const options = Object.fromEntries(
    Object.entries({
      seconds: number(env.SOAK_SECONDS),
      workers: number(env.SOAK_WORKERS),
      maxProfiles: number(env.SOAK_MAX_PROFILES),
      devices: number(env.SOAK_DEVICES),
      sampleEverySeconds: number(env.SOAK_SAMPLE_EVERY),
      partners: number(env.SOAK_PARTNERS),
    }).filter(([, v]) => v !== undefined),
  );
  console.log(JSON.stringify(await mixedSoak(options), null, 2));
}
