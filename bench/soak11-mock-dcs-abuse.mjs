// @ts-check
// mock-dcs as a long-running QA server under 100k+ event calls AND transport abuse at once
// (soak round 11). bench/soak-mock-dcs-mixed.mjs covers the protocol mix and content
// providers; this one adds what a shared QA server meets from broken or hostile clients:
//   - slowloris: headers sent a few bytes at a time, never finished;
//   - slow bodies: a POST /event whose body trickles (1 byte every 200 ms);
//   - aborted requests: a POST whose declared body is cut off and the socket destroyed, and
//     GETs destroyed before the answer is read;
//   - huge headers: one 15 KiB header (under Node's 16 KiB cap) and one of 20 KiB (over it);
//   - many headers: 1,500 small headers;
//   - huge bodies: a 2 MiB chunked POST /event (the cap is 32 KiB);
//   - idle keep-alive sockets opened and left alone;
// while workers send event calls for many distinct visitors (new and returning cookies,
// d_uuid, d_mid + d_orgid, declared IDs d_cid / d_cid_ic / d_dpid+d_dpuuid, d_sid, signals,
// gdpr, us_privacy, /ibs: syncs, /demoptout.jpg, /id, POST bodies, two partners, a content
// provider that is slow or never answers). Every `sampleEverySeconds` it reads
// /__admin/stats?gc=1 (RSS, live heap, sockets, timers, profiles) and the process's open fds.
// After the load it waits for the abusers' sockets to be closed by the server's timeouts.
//
//   node bench/soak11-mock-dcs-abuse.mjs                       # 150k calls or 300 s
//   SOAK_CALLS=30000 SOAK_SECONDS=60 node bench/soak11-mock-dcs-abuse.mjs
// SOAK_DRAIN_SECONDS (default 70): how long to wait after the load for the server to close the
// abusers' sockets (Node's headersTimeout is 60 s, its requestTimeout 300 s).
// Ports: SOAK_PORT (default 5310) for mock-dcs, SOAK_PORT+1 for the content provider stub.
// Needs `npm run build` first (it runs the built CLI).
import { spawn } from 'node:child_process';
import { createServer, request, Agent } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const MB = 1024 * 1024;
const round = (/** @type {number} */ n) => Math.round(n * 10) / 10;
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @param {{ calls?: number, seconds?: number, workers?: number, port?: number, sampleEverySeconds?: number, maxProfiles?: number, drainSeconds?: number }} [o] */
export async function abuseSoak(o = {}) {
  const { calls = 150_000, seconds = 300, workers = 16, port = 5310, sampleEverySeconds = 10, maxProfiles = 20_000, drainSeconds = 70 } = o;
  const providerPort = port + 1;
  // Content provider: answers in 0-100 ms, 5% never answer (the DCS must time out and close).
  /** @type {Set<import('node:http').ServerResponse>} */
  const held = new Set();
  const provider = createServer((req, res) => {
    if (Math.random() < 0.05) {
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ segments: ['golf_fan'] })), Math.random() * 100);
  });
  await new Promise((r) => provider.listen(providerPort, '127.0.0.1', () => r(undefined)));
  const { demoConfig } = await import('@audience-relay/mock-dcs');
  const config = demoConfig(['https://www.publisher.example'], { browserUrl: `http://127.0.0.1:${providerPort}`, serverUrl: `http://127.0.0.1:${providerPort}` });
  const cfg = /** @type {any} */ (config);
  cfg.partners.acme.orgId = 'SOAK11@AdobeOrg';
  cfg.partners.acme.contentProviders[0].timeoutMs = 250;
  const configFile = join(mkdtempSync(join(tmpdir(), 'soak11-')), 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const child = spawn(process.execPath, ['--expose-gc', 'packages/mock-dcs/bin/mock-dcs.js', '--port', String(port), '--quiet', '--config', configFile, '--max-profiles', String(maxProfiles)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (c) => reject(new Error(`mock-dcs exited ${c}`)));
  });
  child.stdout.resume();
  let exited = false;
  child.once('exit', () => (exited = true));

  const agent = new Agent({ keepAlive: true, maxSockets: workers + 4 });
  /** @type {Record<string, number>} */ const served = {};
  /** @type {Record<string, number>} */ const bad = {};
  /** @type {Record<string, number>} */ const errorCodes = {};
  let done = 0;
  /** @type {number[]} */ let lat = [];
  /** @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: string }>} */
  function call(/** @type {string} */ kind, /** @type {string} */ path, /** @type {{ method?: string, host?: string, headers?: Record<string,string>, body?: string }} */ init = {}) {
    const t0 = performance.now();
    return new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, path, agent, method: init.method ?? 'GET', headers: { host: init.host ?? 'acme.dcs.localhost', ...init.headers } }, (res) => {
        /** @type {Buffer[]} */ const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          done++;
          lat.push(performance.now() - t0);
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 400) served[kind] = (served[kind] ?? 0) + 1;
          else bad[`${kind} ${status}`] = (bad[`${kind} ${status}`] ?? 0) + 1;
          for (const code of String(res.headers['x-error'] ?? '').split(',').filter(Boolean)) errorCodes[code] = (errorCodes[code] ?? 0) + 1;
          resolve({ status, headers: res.headers, body: Buffer.concat(chunks).toString('latin1') });
        });
      });
      req.on('error', (e) => {
        bad[`${kind} ${e.message}`] = (bad[`${kind} ${e.message}`] ?? 0) + 1;
        resolve({ status: 0, headers: {}, body: '' });
      });
      req.end(init.body);
    });
  }
  const uuidOf = (/** @type {import('node:http').IncomingHttpHeaders} */ h) => /demdex=(\d{38})/.exec(String(h['set-cookie'] ?? ''))?.[1] ?? null;
  const rnd = () => Math.random().toString(36).slice(2, 10);
  const uuid38 = () => Array.from({ length: 38 }, () => Math.floor(Math.random() * 10)).join('');
  /** @type {string[]} */ const cookies = [];
  const TC = 'CPXxRfAPXxRfAAfKABENB-CgAP_AAH_AAAqIHWtf_X_fb39j-_59_9t0eY1f9_7_v-0zjhfds-8Nyf_X_L8X42M7vF36pq4KuR4Eu3LBIQdlHOHcTUmw6okVrzPsbk2cr7NKJ7PEmnMbO2dYGH9_n93TuZKY7__8___z__-v_v____f_r-3_3__59X---_e_V399zLv9____39nP___9v-_9_____4IHWAEmGhUQBlgQEhBoAEQAAFQVBAEBAIAAgBYgIAAYCBAAAAAwgAYAAQAEAAIAAAMBAAAAEIAAgAAAgAAAAAEAAAgAAAAgAAAgAAAAAAA';
  const kinds = [
    ['new GET', 30], ['returning', 15], ['d_uuid', 8], ['mid', 6], ['post', 8], ['ibs', 8], ['id', 6], ['optout', 2], ['provider', 7], ['consent', 5], ['pixel', 5],
  ];
  const total = kinds.reduce((a, [, w]) => a + Number(w), 0);
  const pick = () => {
    let r = Math.random() * total;
    for (const [k, w] of kinds) if ((r -= Number(w)) < 0) return String(k);
    return 'new GET';
  };
  const started = Date.now();
  const until = started + seconds * 1000;
  const origin = { origin: 'https://www.publisher.example' };
  async function step() {
    const k = pick();
    const host = Math.random() < 0.2 ? 'beta.dcs.localhost' : 'acme.dcs.localhost';
    const sig = `c_section=${Math.random() < 0.5 ? 'sports' : 'news'}&c_tag=golf${rnd()}&p_age=${Math.floor(Math.random() * 60)}&c_n=${rnd()}`;
    if (k === 'new GET') {
      const r = await call('event new', `/event?d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&${sig}&d_cid=21%01${rnd()}&d_cid_ic=crm%01${rnd()}%011&d_sid=1004`, { host, headers: origin });
      const u = uuidOf(r.headers);
      if (u && cookies.length < 5000) cookies.push(u);
      else if (u) cookies[Math.floor(Math.random() * cookies.length)] = u;
    } else if (k === 'returning' && cookies.length) {
      await call('event returning', `/event?d_rtbd=json&d_cts=2&${sig}&d_dpid=21&d_dpuuid=${rnd()}`, { host, headers: { ...origin, cookie: `demdex=${cookies[Math.floor(Math.random() * cookies.length)]}` } });
    } else if (k === 'd_uuid') {
      await call('event d_uuid', `/event?d_rtbd=json&d_uuid=${uuid38()}&${sig}`, { host, headers: origin });
    } else if (k === 'mid') {
      await call('event d_mid', `/event?d_rtbd=json&d_mid=${uuid38()}&d_orgid=SOAK11%40AdobeOrg&d_nsid=0&${sig}`, { headers: origin });
    } else if (k === 'post') {
      await call('event POST', `/event?d_dil_ver=9.5&_ts=${Date.now()}`, { method: 'POST', host, headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' }, body: `d_rtbd=json&d_jsonv=1&d_dst=1&${sig}&d_cid=21%01${rnd()}&h_referer=${encodeURIComponent('https://www.publisher.example/a?b=' + rnd())}&c_big=${'x'.repeat(Math.floor(Math.random() * 20000))}` });
    } else if (k === 'ibs') {
      await call('ibs', `/ibs:dpid=${1 + Math.floor(Math.random() * 1e6)}&dpuuid=${rnd()}`, { host });
    } else if (k === 'id') {
      await call('id', `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=SOAK11%40AdobeOrg&d_nsid=0&ts=${Date.now()}`, { host: 'dpm.dcs.localhost', headers: origin });
    } else if (k === 'optout') {
      await call('demoptout', Math.random() < 0.5 ? `/demoptout.jpg?d_cid=21%01${rnd()}` : '/demoptout.jpg', { host, headers: cookies.length ? { cookie: `demdex=${cookies[Math.floor(Math.random() * cookies.length)]}` } : {} });
    } else if (k === 'provider') {
      const r = await call('ibs provider', `/ibs:dpid=777&dpuuid=${rnd()}`);
      const u = uuidOf(r.headers);
      await call('event provider', `/event?d_rtbd=json&d_cts=2&${sig}`, { headers: { ...origin, cookie: `demdex=${u}` } });
    } else if (k === 'consent') {
      await call('event consent', `/event?d_rtbd=json&${sig}&gdpr=1&gdpr_consent=${Math.random() < 0.5 ? TC : 'bogus'}&us_privacy=1YNN&gpp=DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA&gpp_sid=2`, { host, headers: origin });
    } else {
      await call('pixel', `/event?d_sid=1004&${sig}`, { host });
    }
  }
  async function worker() {
    while (done < calls && Date.now() < until && !exited) await step();
  }

  // Abusers: each loops until the load ends.
  /** @type {Record<string, number>} */ const abuse = {};
  let abusing = true;
  /** @type {Set<import('node:net').Socket>} */ const abuseSockets = new Set();
  const count = (/** @type {string} */ k) => (abuse[k] = (abuse[k] ?? 0) + 1);
  function raw(/** @type {(s: import('node:net').Socket) => void} */ f) {
    const s = connect(port, '127.0.0.1');
    abuseSockets.add(s);
    s.on('close', () => abuseSockets.delete(s));
    s.on('error', () => {});
    s.on('data', () => {});
    s.on('connect', () => f(s));
    return s;
  }
  async function slowloris() {
    while (abusing) {
      if (abuseSockets.size < 60) {
        count('slowloris opened');
        raw((s) => {
          s.write('GET /event?d_rtbd=json HTTP/1.1\r\nHost: acme.dcs.localhost\r\n');
          const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write(`X-${rnd()}: a\r\n`)), 1000);
          s.on('close', () => clearInterval(t));
        });
      }
      await sleep(200);
    }
  }
  async function slowBody() {
    while (abusing) {
      if (abuseSockets.size < 80) {
        count('slow body opened');
        raw((s) => {
          s.write('POST /event HTTP/1.1\r\nHost: acme.dcs.localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 30000\r\n\r\nd_rtbd=json&c_a=');
          const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write('a')), 200);
          s.on('close', () => clearInterval(t));
        });
      }
      await sleep(300);
    }
  }
  async function aborts() {
    while (abusing) {
      count('aborted POST');
      raw((s) => {
        s.write('POST /event HTTP/1.1\r\nHost: acme.dcs.localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 20000\r\n\r\nd_rtbd=json&c_a=' + 'b'.repeat(5000));
        setTimeout(() => s.destroy(), 20);
      });
      count('aborted GET');
      const req = request({ host: '127.0.0.1', port, path: `/event?d_rtbd=json&c_x=${rnd()}`, headers: { host: 'acme.dcs.localhost' } });
      req.on('error', () => {});
      req.end();
      setTimeout(() => req.destroy(), Math.random() * 5);
      await sleep(20);
    }
  }
  async function bigHeaders() {
    while (abusing) {
      const r1 = await call('15 KiB header', `/event?d_rtbd=json`, { headers: { 'x-big': 'h'.repeat(15 * 1024) } });
      count(`15 KiB header -> ${r1.status}`);
      const r2 = await call('20 KiB header', `/event?d_rtbd=json`, { headers: { 'x-big': 'h'.repeat(20 * 1024) } });
      count(`20 KiB header -> ${r2.status}`);
      /** @type {Record<string, string>} */ const many = {};
      for (let i = 0; i < 1500; i++) many[`x-h${i}`] = 'v';
      const r3 = await call('1500 headers', `/event?d_rtbd=json`, { headers: many });
      count(`1500 headers -> ${r3.status}`);
      await new Promise((resolve) => {
        const req = request({ host: '127.0.0.1', port, path: '/event', method: 'POST', headers: { host: 'acme.dcs.localhost', 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } }, (res) => {
          count(`2 MiB chunked POST -> ${res.statusCode} ${res.headers['x-error'] ?? ''}`);
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', (e) => {
          count(`2 MiB chunked POST -> ${e.message}`);
          resolve(undefined);
        });
        const chunk = 'c_z=' + 'z'.repeat(64 * 1024 - 4);
        let sent = 0;
        const pump = () => {
          while (sent < 32 && req.write(chunk)) sent++;
          if (sent < 32) req.once('drain', pump);
          else req.end();
        };
        pump();
      });
      await sleep(100);
    }
  }
  async function idle() {
    while (abusing) {
      if (abuseSockets.size < 100) {
        count('idle socket');
        raw(() => {});
      }
      await sleep(500);
    }
  }

  /** @type {any[]} */ const samples = [];
  async function sample() {
    const stats = await (await fetch(`http://127.0.0.1:${port}/__admin/stats?gc=1`, { headers: { host: 'dcs.localhost' } })).json();
    const sorted = lat.sort((a, b) => a - b);
    const s = {
      atSeconds: Math.round((Date.now() - started) / 1000),
      calls: done,
      rssMB: round(stats.memory.rssBytes / MB),
      heapMB: round(stats.memory.heapUsedBytes / MB),
      memory: stats.memory,
      profiles: stats.profiles, midLinks: stats.midLinks,
      resources: stats.resources,
      fds: (() => { try { return readdirSync(`/proc/${child.pid}/fd`).length; } catch { return null; } })(),
      abuseOpen: abuseSockets.size,
      providerHeld: held.size,
      p50: round(sorted[Math.floor(sorted.length / 2)] ?? 0),
      p99: round(sorted[Math.floor(sorted.length * 0.99)] ?? 0),
      max: round(sorted[sorted.length - 1] ?? 0),
    };
    lat = [];
    samples.push(s);
    console.log(JSON.stringify({ t: s.atSeconds, calls: s.calls, rssMB: s.rssMB, heapMB: s.heapMB, profiles: s.profiles, midLinks: s.midLinks, resources: s.resources, fds: s.fds, abuseOpen: s.abuseOpen, providerHeld: s.providerHeld, p50: s.p50, p99: s.p99, max: s.max }));
  }
  await sample();
  const sampler = setInterval(() => void sample().catch((e) => console.log('sample failed', String(e))), sampleEverySeconds * 1000);
  const abusers = [slowloris(), slowBody(), aborts(), bigHeaders(), idle()];
  await Promise.all(Array.from({ length: workers }, worker));
  abusing = false;
  await Promise.all(abusers);
  const loadEnded = Date.now();
  // The server must close what the abusers left open (keep-alive 5 s, headers 60 s, request 300 s).
  let closedAfter = null;
  while (Date.now() - loadEnded < drainSeconds * 1000) {
    if (abuseSockets.size === 0) {
      closedAfter = Math.round((Date.now() - loadEnded) / 1000);
      break;
    }
    await sleep(1000);
  }
  const leftOpen = abuseSockets.size;
  for (const s of abuseSockets) s.destroy();
  await sleep(6000);
  clearInterval(sampler);
  await sample();
  const health = await call('after', '/event?d_rtbd=json&c_section=sports');
  child.kill('SIGTERM');
  for (const r of held) r.destroy();
  provider.closeAllConnections();
  provider.close();
  agent.destroy();
  return { seconds: Math.round((loadEnded - started) / 1000), calls: done, served, bad, errorCodes, abuse, abuseSocketsClosedByServerAfterSeconds: closedAfter, abuseSocketsLeftOpenAfterDrain: leftOpen, drainSeconds, healthAfter: health.status, crashed: exited, samples: samples.map(({ memory, resources, ...s }) => s) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await abuseSoak({ calls: Number(process.env.SOAK_CALLS ?? 150_000), seconds: Number(process.env.SOAK_SECONDS ?? 300), port: Number(process.env.SOAK_PORT ?? 5310), drainSeconds: Number(process.env.SOAK_DRAIN_SECONDS ?? 70) });
  console.log(JSON.stringify(result, null, 1));
}
