// The store bounds the number of profiles (200,000) and what one profile holds (1,000 declared
// IDs and 100 synced IDs of up to 256 characters), but not their product: a load test (or a
// page driving visitors' browsers at 127.0.0.1) whose every new visitor declares 10 customer
// IDs of 256 characters measured 6.3 KB of heap per profile, 1.3 GB at the profile cap; one
// filled to its own limits is about 300 KB, so the cap allowed some 60 GB. A budget on the ID
// text kept across all profiles bounds memory whatever the IDs look like.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ID_BYTES, LruProfileStore } from '../src/lru-profile-store';
import type { ProfileRecord } from '../src/profiles';

/** Characters of declared and synced IDs the store keeps. */
function idChars(records: ProfileRecord[]): number {
  let total = 0;
  for (const { profile } of records) {
    for (const ids of profile.declared.values()) for (const id of ids) total += id.length;
    for (const id of profile.synced.values()) total += id.length;
  }
  return total;
}

const longId = (n: number, i: number): string => `${n}-${i}-`.padEnd(256, 'x');

describe('memory of the profile store', () => {
  it('keeps at most DEFAULT_MAX_ID_BYTES of ID text by default, however many visitors declare long IDs', () => {
    expect(DEFAULT_MAX_ID_BYTES).toBeGreaterThan(0);
    expect(DEFAULT_MAX_ID_BYTES).toBeLessThanOrEqual(64 * 2 ** 20);
    const store = new LruProfileStore();
    // Each new visitor: 10 customer IDs (4 data sources, at most 3 each, as /event allows) and a synced ID.
    const visitors = Math.ceil((DEFAULT_MAX_ID_BYTES * 1.5) / (11 * 256));
    for (let n = 0; n < visitors; n++) {
      const profile = store.get(`device-${n}`, 'acme');
      for (let i = 0; i < 10; i++) store.declare(profile, 1000 + (i % 4), longId(n, i));
      store.sync(profile, 5000, longId(n, 99));
    }
    expect(idChars(store.records())).toBeLessThanOrEqual(DEFAULT_MAX_ID_BYTES);
    // The least recently active went first; the latest visitor is whole.
    expect(store.stats().evictions).toBeGreaterThan(0);
    expect(store.find('device-0')).toBeUndefined();
    const last = store.find(`device-${visitors - 1}`);
    expect([...(last?.declared.values() ?? [])].reduce((sum, ids) => sum + ids.size, 0)).toBe(10);
    expect(store.deviceOf(1000, longId(visitors - 1, 0))).toBe(`device-${visitors - 1}`);
    expect(store.deviceOf(1000, longId(0, 0))).toBeUndefined();
  }, 30_000);

  it('takes a budget of its own (maxIdBytes), and one device filling itself up evicts others, never itself', () => {
    const store = new LruProfileStore({ maxIdBytes: 400_000 });
    for (let n = 0; n < 200; n++) for (let i = 0; i < 10; i++) store.declare(store.get(`other-${n}`), 1 + (i % 4), longId(n, i));
    const device = store.get('busy');
    for (let i = 0; i < 1000; i++) store.declare(device, 1000 + (i % 100), longId(-1, i));
    for (let i = 0; i < 100; i++) store.sync(device, 5000 + i, longId(-2, i));
    expect(idChars(store.records())).toBeLessThanOrEqual(400_000);
    expect(store.find('busy')).toBe(device);
    expect(store.find('other-0')).toBeUndefined();
    expect(store.find('other-199')).toBeDefined();
    // What the busy device keeps is its own latest IDs, within the budget.
    expect(device.synced.get(5099)).toBe(longId(-2, 99));
  });

  it('counts a re-declared or re-synced ID once', () => {
    const store = new LruProfileStore({ maxIdBytes: 2_000 });
    const device = store.get('a');
    for (let i = 0; i < 100; i++) {
      store.declare(device, 21, 'crm-42');
      store.sync(device, 77, 'cp-1');
    }
    store.declare(store.get('b'), 21, 'crm-43');
    expect(store.find('a')).toBe(device);
    expect(store.stats().evictions).toBe(0);
  });
});
