// Soak (outside review, fidelity2): 240 s of new visitors, each declaring 10 customer IDs of 256
// characters (the per-call limits), with ID syncs and opt-outs: 110,000 profiles, heap 10 → 457
// MB and RSS 69 → 644 MB, still linear, since the store bounds the NUMBER of profiles (200,000
// by default, "about 2 KB each") while one profile may hold up to 1,000 declared IDs and 100
// synced IDs of 256 characters: about 0.5 MB, so the default bound was some 100 GB. The store
// now also keeps an estimate of the bytes it holds, and evicts the least recently active
// profiles beyond a byte budget.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PROFILE_BYTES, LruProfileStore } from '../src/lru-profile-store';
import { demoConfig, startMockDcs } from '../src/index';
import { call } from './helpers';

const long = (n: number): string => String(n).padStart(256, 'x');
const bytesOf = (store: LruProfileStore): number => store.stats().bytes ?? Number.NaN;

describe('the profile store keeps its bytes within a budget', () => {
  it('new visitors with 10 declared IDs of 256 characters each: bytes stay under maxBytes, the least recently active evicted', () => {
    const store = new LruProfileStore({ maxBytes: 1_000_000 });
    for (let v = 0; v < 2_000; v++) {
      const profile = store.get(`v${v}`);
      for (let i = 0; i < 10; i++) store.declare(profile, 21 + (i % 4), long(v * 10 + i));
    }
    const stats = store.stats();
    expect(stats.bytes ?? Number.NaN).toBeLessThanOrEqual(1_000_000);
    // Each such profile is several KB: far fewer than 2,000 fit, and every eviction is counted.
    expect(stats.size).toBeLessThan(400);
    expect(stats.evictions).toBe(2_000 - stats.size);
    expect(store.find('v1999')).toBeDefined();
    expect(store.find('v0')).toBeUndefined();
    // The evicted profiles' declared IDs lead nowhere, and are no longer counted.
    expect(store.deviceOf(21, long(0))).toBeUndefined();
    expect(store.deviceOf(21, long(19_990))).toBe('v1999');
  });

  it('one device piling up declared and synced IDs is counted as it grows, and a dropped ID is uncounted', () => {
    const store = new LruProfileStore();
    const empty = bytesOf(store);
    const profile = store.get('d');
    const one = bytesOf(store);
    expect(one).toBeGreaterThan(empty);
    for (let i = 0; i < 300; i++) store.declare(profile, 1000 + (i % 100), long(i));
    for (let i = 0; i < 100; i++) store.sync(profile, 5000 + i, long(i));
    const full = bytesOf(store);
    expect(full - one).toBeGreaterThan(300 * 256 + 100 * 256);
    // A re-sync with a shorter ID, and the oldest ID of a source dropped (10 per source), lower it.
    store.sync(profile, 5000, 'short');
    expect(bytesOf(store)).toBeLessThan(full);
    store.clear();
    expect(bytesOf(store)).toBe(0);
  });

  it('the default budget is 256 MiB, reported with the byte count in stats', () => {
    expect(DEFAULT_MAX_PROFILE_BYTES).toBe(256 * 1024 * 1024);
    expect(new LruProfileStore().stats()).toMatchObject({ bytes: 0, maxBytes: DEFAULT_MAX_PROFILE_BYTES });
  });

  it('mock-dcs: maxProfileBytes bounds what event calls of new visitors pile up (GET /__admin/stats)', async () => {
    const dcs = await startMockDcs({ config: demoConfig(), maxProfileBytes: 200_000 });
    try {
      for (let v = 0; v < 150; v++) {
        const cids = Array.from({ length: 10 }, (_, i) => `d_cid=${21 + (i % 4)}%01${long(v * 10 + i)}`).join('&');
        await call(dcs.port, `/event?d_rtbd=json&${cids}`);
      }
      const stats = (await call(dcs.port, '/__admin/stats')).json().profiles as { size: number; bytes: number; maxBytes: number; evictions: number };
      expect(stats.maxBytes).toBe(200_000);
      expect(stats.bytes).toBeLessThanOrEqual(200_000);
      expect(stats.evictions).toBeGreaterThan(0);
      expect(stats.size + stats.evictions).toBe(150);
    } finally {
      await dcs.close();
    }
  }, 30_000);
});
