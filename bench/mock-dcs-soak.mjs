// @ts-check
// The mock-dcs soak (issue 21): sustained load of new visitors, each call a device the DCS has
// never seen, as a QA load test brings. Reports calls/s, p50/p99 and the emulator's resident
// memory at the start, after the first 10 s and at the end, with the profile store's counters.
// Memory is sampled after a full garbage collection (the emulator runs with --expose-gc and is
// asked /__admin/stats?gc=1): without it the figures mostly say when V8 last collected, not
// what the emulator keeps.
// `npm run bench` runs it for 60 s; `node bench/mock-dcs-soak.mjs` runs it alone. Loopback only.
import { startMockDcsProcess } from './mock-dcs-process.mjs';
import autocannon from 'autocannon';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @typedef {object} SoakOptions
 * @property {number} [seconds] how long the load runs (default 60); ignored when `calls` is set
 * @property {number} [calls] send exactly this many calls instead, and wait for every answer
 * @property {number} [connections] concurrent connections (default 50)
 * @property {number} [maxProfiles] the emulator's `--max-profiles` (default 10000, reached in the
 *   first seconds, so the run shows memory once the store is full; the default store of 200,000
 *   would fill only after a minute or more; `bytesPerProfile` tells what it would hold)
 * @property {number} [sampleAfterSeconds] when the middle memory sample is taken, and then every
 *   so many seconds (default 10)
 * @property {number} [warmupCalls] new visitors before the measured run (default `maxProfiles`, which
 *   fills the store; none with `calls`)
 */

const MB = 1024 * 1024;
const round = (/** @type {number} */ n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Ten traits over the signals of every call, five segments over them, one cookie destination. */
function soakConfig() {
  const traits = Array.from({ length: 10 }, (_, i) => ({ id: 1000 + i, rule: `c_section == "s${i}" OR c_n > ${i * 10}` }));
  const segments = Array.from({ length: 5 }, (_, i) => ({ id: 5000 + i, rule: `${1000 + i}T AND NOT ${1009 - i}T >= 3` }));
  const cookieDestinations = [{ name: 'aud_seg', ttlDays: 30, key: 'seg', segments: Object.fromEntries(segments.map((s) => [String(s.id), String(s.id)])) }];
  return { defaultPartner: 'acme', partners: { acme: { allowedOrigins: [], traits, segments, cookieDestinations } } };
}

/**
 * @param {number} port
 * @returns {Promise<{ profiles: { size: number, maxProfiles: number, evictions: number, expirations: number }, requests: { total: number }, memory: { rssBytes: number, heapUsedBytes: number } }>}
 */
async function stats(port) {
  const res = await fetch(`http://127.0.0.1:${port}/__admin/stats?gc=1`);
  if (!res.ok) throw new Error(`/__admin/stats answered ${res.status}`);
  return /** @type {any} */ (await res.json());
}

/** @param {SoakOptions} [options] */
export async function mockDcsSoak(options = {}) {
  const { seconds = 60, calls, connections = 50, maxProfiles = 10_000, sampleAfterSeconds = 10, warmupCalls = maxProfiles } = options;
  const configFile = join(mkdtempSync(join(tmpdir(), 'bench-soak-')), 'config.json');
  writeFileSync(configFile, JSON.stringify(soakConfig()));
  // The DCS in its own process: its memory is what is measured, and the load generator does
  // not share its event loop.
  const { port, child } = await startMockDcsProcess(['--config', configFile, '--max-profiles', String(maxProfiles)], ['--expose-gc']);
  try {
    const start = await stats(port);
    // No cookie: every call is a new visitor, so every call creates a profile.
    const load = {
      url: `http://127.0.0.1:${port}/event?d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&c_section=s3&c_n=42`,
      headers: { host: 'dcs.localhost' },
      connections,
    };
    // Warm-up, unless exact calls are asked for: as many new visitors as the store holds, so
    // the measured run starts with the store full (and the JIT, the sockets and the young
    // generation warm). The question is whether memory stays flat from there, however fast
    // the machine fills the store.
    if (calls === undefined && warmupCalls > 0) await autocannon({ ...load, amount: warmupCalls });
    const warm = await stats(port);
    /** @type {Array<Promise<Awaited<ReturnType<typeof stats>>>>} */
    const samples = [];
    const timer = setInterval(() => samples.push(stats(port)), sampleAfterSeconds * 1000);
    const result = await autocannon({ ...load, ...(calls !== undefined ? { amount: calls } : { duration: seconds }) });
    clearInterval(timer);
    const series = await Promise.all(samples);
    const after = series[0] ?? null;
    const end = await stats(port);
    const counted = end.requests.total - warm.requests.total;
    const rss = (/** @type {Awaited<ReturnType<typeof stats>> | null} */ s) => (s ? round(s.memory.rssBytes / MB) : null);
    const heap = (/** @type {Awaited<ReturnType<typeof stats>> | null} */ s) => (s ? round(s.memory.heapUsedBytes / MB) : null);
    return {
      connections,
      seconds: round(result.duration, 2),
      calls: {
        sent: result.requests.sent,
        answered: result['2xx'],
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        recordedByDcs: counted,
      },
      callsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      profiles: end.profiles,
      warmupCalls: calls === undefined ? warmupCalls : 0,
      rssMB: { start: rss(start), [`after${sampleAfterSeconds}s`]: rss(after), end: rss(end) },
      [`rssMBEvery${sampleAfterSeconds}s`]: series.map(rss),
      heapLiveMB: { start: heap(start), [`after${sampleAfterSeconds}s`]: heap(after), end: heap(end) },
      endOverMiddle: after ? round(end.memory.rssBytes / after.memory.rssBytes, 2) : null,
      bytesPerProfile: end.profiles.size ? Math.round((end.memory.heapUsedBytes - start.memory.heapUsedBytes) / end.profiles.size) : null,
      target: { endOverMiddleAtMost: 1.5 },
    };
  } finally {
    child.kill('SIGTERM');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const env = process.env;
  const number = (/** @type {string | undefined} */ value) => (value === undefined ? undefined : Number(value));
  const options = Object.fromEntries(
    Object.entries({
      seconds: number(env.SOAK_SECONDS),
      calls: number(env.SOAK_CALLS),
      connections: number(env.SOAK_CONNECTIONS),
      maxProfiles: number(env.SOAK_MAX_PROFILES),
      sampleAfterSeconds: number(env.SOAK_SAMPLE_AFTER),
      warmupCalls: number(env.SOAK_WARMUP_CALLS),
    }).filter(([, v]) => v !== undefined),
  );
  console.log(JSON.stringify(await mockDcsSoak(options), null, 2));
}
