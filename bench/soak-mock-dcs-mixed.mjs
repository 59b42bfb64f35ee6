// @ts-check
// A mixed mock-dcs soak: what a long QA session or a load test of Adobe's clients brings, not
// only new visitors (bench/mock-dcs-soak.mjs does that one). Each worker loops over:
//   - a new visitor: the ID service (/id, a new MID), then a DIL-style POST /event with that
//     MID and two declared IDs (d_cid, d_cid_ic), then an ID sync (/ibs:) of a random partner ID;
//   - a returning visitor (one of `devices` cookies) declaring a NEW customer ID and syncing a
//     NEW data source on every visit: what one device can pile up on its profile;
//   - a large but valid call: a POST body just under 32 KiB;
//   - a declared-ID opt-out of a random customer ID (/demoptout.jpg?d_cid=…);
// and every `configEverySeconds` the admin API replaces the config (a new partner name each
// time). Memory is sampled every `sampleEverySeconds` after a full GC (/__admin/stats?gc=1,
// the emulator under --expose-gc), with the store's counters.
//
//   node bench/soak-mock-dcs-mixed.mjs            # 180 s, 8 workers
//   SOAK_SECONDS=60 SOAK_WORKERS=4 node bench/soak-mock-dcs-mixed.mjs
// Loopback only. Needs `npm run build` first (it runs the built CLI).
import { request, Agent } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startMockDcsProcess } from './mock-dcs-process.mjs';

const MB = 1024 * 1024;
const ORG = 'SOAK1@AdobeOrg';
const round = (/** @type {number} */ n) => Math.round(n * 10) / 10;

/** @param {number} generation */
function soakConfig(generation) {
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
  };
  // A new partner name per config generation: whatever keeps partner names must not grow with them.
  return { defaultPartner: 'acme', partners: { acme: partner, [`gen${generation}`]: { ...partner, orgId: `GEN${generation}@AdobeOrg` } } };
}

/**
 * @param {{ seconds?: number, workers?: number, maxProfiles?: number, devices?: number, sampleEverySeconds?: number, configEverySeconds?: number }} [options]
 */
export async function mixedSoak(options = {}) {
  const { seconds = 180, workers = 8, maxProfiles = 20_000, devices = 20, sampleEverySeconds = 15, configEverySeconds = 10 } = options;
  const configFile = join(mkdtempSync(join(tmpdir(), 'soak-mixed-')), 'config.json');
  writeFileSync(configFile, JSON.stringify(soakConfig(0)));
  const { port, child } = await startMockDcsProcess(['--config', configFile, '--max-profiles', String(maxProfiles)], ['--expose-gc']);
  const agent = new Agent({ keepAlive: true, maxSockets: workers + 2 });
  /** @type {Record<string, number>} */
  const served = {};
  /** @type {Record<string, number>} */
  const failures = {};

  /**
   * @param {string} kind
   * @param {string} path
   * @param {{ method?: string, headers?: Record<string, string>, body?: string, host?: string }} [init]
   * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: string }>}
   */
  function call(kind, path, init = {}) {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, agent, method: init.method ?? 'GET', headers: { host: init.host ?? 'acme.dcs.localhost', ...init.headers } },
        (res) => {
          /** @type {Buffer[]} */
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
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
  const form = { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://www.publisher.example' };

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

  async function newVisitor() {
    const id = await call('id', `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}&d_nsid=0&ts=${Date.now()}`, { host: 'dpm.dcs.localhost', headers: { origin: 'https://www.publisher.example' } });
    const mid = JSON.parse(id.body).d_mid;
    const cookie = `demdex=${uuidOf(id.headers)}`;
    await call('event (DIL POST)', `/event?d_dil_ver=9.5&_ts=${Date.now()}`, {
      method: 'POST',
      headers: { ...form, cookie },
      body: `d_mid=${mid}&d_orgid=${encodeURIComponent(ORG)}&d_nsid=0&d_cid=21%01${random()}&d_cid_ic=email%01${random()}%011&c_section=s3&c_n=42&d_rtbd=json&d_jsonv=1&d_dst=1&d_ld=_ts%3D1`,
    });
    await call('ibs', `/ibs:dpid=${1 + Math.floor(Math.random() * 1e9)}&dpuuid=${random()}`, { headers: { cookie } });
  }

  async function returningDevice() {
    const cookie = `demdex=${deviceCookies[Math.floor(Math.random() * deviceCookies.length)]}`;
    await call('event (returning device, new declared ID)', `/event?d_rtbd=json&d_cts=2&c_section=s1&d_cid=22%01${random()}${random()}${random()}`, { headers: { cookie } });
    await call('ibs (returning device, new data source)', `/ibs:dpid=${1 + Math.floor(Math.random() * 1e9)}&dpuuid=${random()}${random()}`, { headers: { cookie } });
  }

  async function largeCall() {
    await call('event (31 KiB POST)', '/event', { method: 'POST', headers: form, body: bigBody });
  }

  async function optOut() {
    await call('demoptout (declared ID)', `/demoptout.jpg?d_cid=21%01${random()}`);
  }

  const started = Date.now();
  const until = started + seconds * 1000;
  /** @type {Array<{ atSeconds: number, rssMB: number, heapLiveMB: number, heapTotalMB: number, externalMB: number, profiles: number, evictions: number, midLinks: number | null, requestsTotal: number }>} */
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
    });
  }
  await sample();
  let generation = 0;
  const configTimer = setInterval(() => {
    generation++;
    fetch(`http://localhost:${port}/__admin/config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(soakConfig(generation)) }).then(
      (res) => void (res.ok ? (served['admin PUT config'] = (served['admin PUT config'] ?? 0) + 1) : (failures[`admin PUT ${res.status}`] = (failures[`admin PUT ${res.status}`] ?? 0) + 1)),
      () => void (failures['admin PUT error'] = (failures['admin PUT error'] ?? 0) + 1),
    );
  }, configEverySeconds * 1000);
  /** @type {Promise<void>} */
  let sampling = Promise.resolve();
  const sampleTimer = setInterval(() => void (sampling = sampling.then(sample)), sampleEverySeconds * 1000);

  const steps = [newVisitor, newVisitor, returningDevice, returningDevice, largeCall, optOut];
  async function worker() {
    while (Date.now() < until) {
      const step = steps[Math.floor(Math.random() * steps.length)] ?? newVisitor;
      await step().catch(() => undefined);
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
      rssGrowthAfterFirstSampleMB: first && last ? round(last.rssMB - first.rssMB) : null,
      heapGrowthAfterFirstSampleMB: first && last ? round(last.heapLiveMB - first.heapLiveMB) : null,
    };
  } finally {
    clearInterval(configTimer);
    clearInterval(sampleTimer);
    agent.destroy();
    child.kill('SIGTERM');
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
    }).filter(([, v]) => v !== undefined),
  );
  console.log(JSON.stringify(await mixedSoak(options), null, 2));
}
