// @ts-check
// The mock-dcs soak with the emulator's DEFAULT limits (200,000 profiles, 256 MiB by the store's
// estimate), as `npx mock-dcs` runs for a QA team: every call a new visitor declaring a new
// customer ID (d_cid), so the profile store and the declared-ID map both fill. Every
// `SOAK_SAMPLE_EVERY` seconds, after a full GC: RSS, live heap, the store's own byte estimate,
// profiles kept, open file descriptors and sockets of the emulator process (/proc, Linux), and
// the event loop's active handles. The question: does the real memory stay within what the
// limits promise, and do handles stay flat?
//
//   npm run build && SOAK_SECONDS=300 node bench/soak-default-store.mjs
// Loopback only.
import autocannon from 'autocannon';
import { readdirSync, readlinkSync } from 'node:fs';
import { startMockDcsProcess } from './mock-dcs-process.mjs';

const MB = 1024 * 1024;
const seconds = Number(process.env.SOAK_SECONDS ?? 300);
const every = Number(process.env.SOAK_SAMPLE_EVERY ?? 30);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 32);
const extra = (process.env.SOAK_ARGS ?? '').split(' ').filter(Boolean);

const { port, child } = await startMockDcsProcess(extra, ['--expose-gc']);
const pid = /** @type {number} */ (child.pid);
const fds = () => {
  const list = readdirSync(`/proc/${pid}/fd`).map((fd) => { try { return readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { return '?'; } });
  return { fds: list.length, sockets: list.filter((l) => l.startsWith('socket:')).length };
};
const stats = async () => /** @type {any} */ (await (await fetch(`http://127.0.0.1:${port}/__admin/stats?gc=1`)).json());
const started = Date.now();
/** @type {any[]} */
const samples = [];
const sample = async () => {
  const s = await stats();
  samples.push({
    atS: Math.round((Date.now() - started) / 1000),
    calls: s.requests.total,
    profiles: s.profiles.size,
    evictions: s.profiles.evictions,
    storeEstimateMB: Math.round((s.profiles.bytes / MB) * 10) / 10,
    heapLiveMB: Math.round((s.memory.heapUsedBytes / MB) * 10) / 10,
    rssMB: Math.round((s.memory.rssBytes / MB) * 10) / 10,
    midLinks: s.midLinks.size,
    ...fds(),
    resources: s.resources,
  });
  console.error(JSON.stringify(samples[samples.length - 1]));
};
await sample();
let n = 0;
const timer = setInterval(() => void sample(), every * 1000);
const result = await autocannon({
  url: `http://127.0.0.1:${port}/event`,
  headers: { host: 'dcs.localhost' },
  connections,
  duration: seconds,
  requests: [{
    method: 'GET',
    setupRequest: (req) => {
      n++;
      return { ...req, path: `/event?d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&c_section=sports&p_age=23&d_cid=21%01crm-${n}-${Math.random().toString(36).slice(2)}` };
    },
  }],
});
clearInterval(timer);
await sample();
// Idle: keep-alive sockets must close and handles fall back.
await new Promise((r) => setTimeout(r, 7000));
await sample();
child.kill('SIGTERM');
const first = samples[0];
const last = samples[samples.length - 1];
console.log(JSON.stringify({
  seconds, connections,
  sent: result.requests.sent, answered2xx: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts,
  callsPerSecond: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99,
  first, middle: samples[Math.floor(samples.length / 2)], last,
  rssOverStoreEstimate: last.storeEstimateMB ? Math.round((last.rssMB / last.storeEstimateMB) * 100) / 100 : null,
  heapBytesPerProfile: last.profiles ? Math.round(((last.heapLiveMB - first.heapLiveMB) * MB) / last.profiles) : null,
}, null, 2));
