// The mock-dcs soak of `npm run bench` (issue 21), run with small counts: exact calls, so
// every count can be checked exactly. The figures (calls/s, memory) are the bench's to print;
// only what holds on any machine under any load is asserted. npm test builds first.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

interface Soak {
  calls: { sent: number; answered: number; non2xx: number; errors: number; recordedByDcs: number };
  callsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  profiles: { size: number; maxProfiles: number; evictions: number; expirations: number };
  rssMB: Record<string, number | null>;
}

describe('mock-dcs soak (bench/mock-dcs-soak.mjs)', () => {
  it('answers every call it is sent, keeps one profile per new visitor up to the maximum, and reports memory', { timeout: 120_000 }, async () => {
    const CALLS = 2000;
    const MAX = 300;
    const env = { ...process.env, SOAK_CALLS: String(CALLS), SOAK_MAX_PROFILES: String(MAX), SOAK_CONNECTIONS: '10' };
    const { stdout } = await promisify(execFile)(process.execPath, ['bench/mock-dcs-soak.mjs'], { env });
    const soak = JSON.parse(stdout) as Soak;
    expect(soak.calls).toEqual({ sent: CALLS, answered: CALLS, non2xx: 0, errors: 0, recordedByDcs: CALLS });
    // Each call was a device never seen: one profile each, of which the store kept the last MAX.
    expect(soak.profiles).toMatchObject({ size: MAX, maxProfiles: MAX, evictions: CALLS - MAX, expirations: 0 });
    expect(soak.callsPerSecond).toBeGreaterThan(0);
    expect(soak.p99Ms).toBeGreaterThanOrEqual(soak.p50Ms);
    expect(soak.rssMB.start).toBeGreaterThan(0);
    expect(soak.rssMB.end).toBeGreaterThan(0);
  });
});
