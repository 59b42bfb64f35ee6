import { describe, expect, it } from 'vitest';
import { DEFAULT_INACTIVE_MS, DEFAULT_MAX_PROFILE_BYTES, DEFAULT_MAX_PROFILES, LruProfileStore, MAX_DATA_SOURCES_PER_PROFILE, MAX_DECLARED_PER_SOURCE } from '../src/lru-profile-store';

function clocked(options: { maxProfiles?: number; inactiveMs?: number } = {}) {
  const clock = { now: 1_000_000 };
  const store = new LruProfileStore({ ...options, now: () => clock.now });
  return { store, clock };
}

describe('LruProfileStore', () => {
  it('defaults to 200,000 profiles and 120 days of inactivity, as Audience Manager deletes inactive devices', () => {
    expect(new LruProfileStore().stats()).toEqual({ size: 0, maxProfiles: DEFAULT_MAX_PROFILES, bytes: 0, maxBytes: DEFAULT_MAX_PROFILE_BYTES, inactiveMs: DEFAULT_INACTIVE_MS, evictions: 0, expirations: 0 });
    expect(DEFAULT_MAX_PROFILES).toBe(200_000);
    expect(DEFAULT_INACTIVE_MS).toBe(120 * 86_400_000);
  });

  it('evicts the least recently active profile beyond its maximum, and counts it', () => {
    const { store, clock } = clocked({ maxProfiles: 3 });
    for (const uuid of ['a', 'b', 'c']) {
      store.get(uuid);
      clock.now += 1;
    }
    store.get('a'); // a is active again: b is now the least recently active
    store.get('d');
    expect(store.records().map((r) => r.profile.uuid)).toEqual(['c', 'a', 'd']);
    expect(store.find('b')).toBeUndefined();
    for (let i = 0; i < 100; i++) store.get(`n${i}`);
    expect(store.stats()).toMatchObject({ size: 3, evictions: 101, expirations: 0 });
  });

  it('keeps what a profile learned while it stays active', () => {
    const { store, clock } = clocked({ maxProfiles: 2 });
    store.realize(store.get('a', 'acme'), [1001], clock.now);
    store.get('b');
    store.realize(store.get('a', 'globex'), [1001], clock.now);
    store.get('c');
    expect(store.find('a')?.traits.get(1001)?.count).toBe(2);
    expect(store.record('a')?.partners).toEqual(['acme', 'globex']);
    expect(store.find('b')).toBeUndefined();
  });

  it('expires a profile inactive for inactiveMs: gone from every read, counted, and a new one if the device comes back', () => {
    const { store, clock } = clocked({ inactiveMs: 1000 });
    store.realize(store.get('old'), [1], clock.now);
    clock.now += 500;
    store.get('young');
    clock.now += 499;
    expect(store.find('old')?.traits.get(1)?.count).toBe(1);
    clock.now += 1;
    expect(store.find('old')).toBeUndefined();
    expect(store.stats()).toMatchObject({ size: 1, expirations: 1 });
    expect(store.get('old').traits.size).toBe(0);
    clock.now += 1000;
    expect(store.records()).toEqual([]);
    expect(store.stats()).toMatchObject({ size: 0, expirations: 3, evictions: 0 });
  });

  it('makes room with expired profiles before it evicts an active one', () => {
    const { store, clock } = clocked({ maxProfiles: 10, inactiveMs: 1000 });
    for (let i = 0; i < 10; i++) store.get(`old${i}`);
    clock.now += 1000;
    for (let i = 0; i < 10; i++) store.get(`new${i}`);
    expect(store.stats()).toMatchObject({ size: 10, expirations: 10, evictions: 0 });
  });

  it('forgets a declared-ID mapping with the profile it led to', () => {
    const { store } = clocked({ maxProfiles: 1 });
    store.declare(store.get('a'), 20, 'crm-1');
    expect(store.deviceOf(20, 'crm-1')).toBe('a');
    store.get('b');
    expect(store.deviceOf(20, 'crm-1')).toBeUndefined();
    store.declare(store.get('c'), 20, 'crm-1');
    expect(store.deviceOf(20, 'crm-1')).toBe('c');
  });

  it('bounds declared-ID opt-outs like the profiles, oldest first', () => {
    const { store } = clocked({ maxProfiles: 2 });
    store.optOutDeclared(20, 'x');
    store.optOutDeclared(20, 'y');
    store.optOutDeclared(20, 'z');
    expect([store.isOptedOutDeclared(20, 'x'), store.isOptedOutDeclared(20, 'y'), store.isOptedOutDeclared(20, 'z')]).toEqual([false, true, true]);
  });

  it('bounds what one device piles up: the most recent 10 declared IDs per data source, of 100 data sources, and their mappings go with them', () => {
    const { store } = clocked();
    const device = store.get('a');
    for (let i = 0; i < 1000; i++) store.declare(device, 21, `crm-${i}`);
    expect(MAX_DECLARED_PER_SOURCE).toBe(10);
    expect([...(device.declared.get(21) ?? [])]).toEqual(Array.from({ length: 10 }, (_, i) => `crm-${990 + i}`));
    expect(store.deviceOf(21, 'crm-999')).toBe('a');
    expect(store.deviceOf(21, 'crm-0')).toBeUndefined();
    store.declare(device, 21, 'crm-990'); // seen again: the most recent now
    store.declare(device, 21, 'crm-new');
    expect(device.declared.get(21)?.has('crm-990')).toBe(true);
    expect(device.declared.get(21)?.has('crm-991')).toBe(false);
    for (let dpid = 1; dpid <= 500; dpid++) store.declare(device, 1000 + dpid, 'x');
    expect(device.declared.size).toBe(MAX_DATA_SOURCES_PER_PROFILE);
    expect(device.declared.has(21)).toBe(false);
    expect(store.deviceOf(21, 'crm-999')).toBeUndefined();
    expect(store.deviceOf(1500, 'x')).toBe('a');
  });

  it('bounds the synced IDs of one device to 100 data sources, the least recently synced dropped first', () => {
    const { store } = clocked();
    const device = store.get('a');
    store.sync(device, 777, 'cp-1');
    for (let dpid = 1; dpid <= 1000; dpid++) {
      store.sync(device, dpid, `id-${dpid}`);
      if (dpid % 50 === 0) store.sync(device, 777, 'cp-1'); // the provider resyncs now and then
    }
    expect(device.synced.size).toBe(MAX_DATA_SOURCES_PER_PROFILE);
    expect(device.synced.get(777)).toBe('cp-1');
    expect(device.synced.get(1000)).toBe('id-1000');
    expect(device.synced.has(1)).toBe(false);
  });

  it('clear() forgets everything and zeroes the counters', () => {
    const { store } = clocked({ maxProfiles: 1 });
    store.get('a');
    store.get('b');
    store.clear();
    expect(store.stats()).toMatchObject({ size: 0, evictions: 0, expirations: 0 });
  });

  it('refuses limits that would not bound anything', () => {
    expect(() => new LruProfileStore({ maxProfiles: 0 })).toThrow(RangeError);
    expect(() => new LruProfileStore({ inactiveMs: Number.NaN })).toThrow(RangeError);
  });
});
