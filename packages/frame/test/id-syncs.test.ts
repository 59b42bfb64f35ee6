import { describe, expect, it } from 'vitest';
import { fireIdSyncs, type IdSync } from '../src/index';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const sync = (id: string, ttl = 60): IdSync => ({ id, urls: [`https://sync.example/${id}`], ttl });

describe('ID syncs', () => {
  it('fires each due sync once and not again within its TTL', () => {
    const storage = memoryStorage();
    const fired: string[] = [];
    let now = 1_000_000;
    const services = { now: () => now, storage, fire: (url: string) => void fired.push(url) };
    expect(fireIdSyncs([sync('a', 10), sync('b', 60)], services)).toEqual(['a', 'b']);
    now += 5 * 60_000;
    expect(fireIdSyncs([sync('a', 10), sync('b', 60)], services)).toEqual([]);
    now += 6 * 60_000;
    expect(fireIdSyncs([sync('a', 10), sync('b', 60)], services)).toEqual(['a']);
    expect(fired).toEqual(['https://sync.example/a', 'https://sync.example/b', 'https://sync.example/a']);
  });

  it("fires every URL of a due sync, and none of it again within the sync's TTL", () => {
    const fired: string[] = [];
    const services = { now: () => 0, storage: memoryStorage(), fire: (url: string) => void fired.push(url) };
    const two: IdSync = { id: 'a', urls: ['https://one.example/a', 'https://two.example/a'], ttl: 60 };
    expect(fireIdSyncs([two], services)).toEqual(['a']);
    expect(fireIdSyncs([two], services)).toEqual([]);
    expect(fired).toEqual(['https://one.example/a', 'https://two.example/a']);
  });

  it('an answer from another DCS region clears the record first: the syncs fire again, and stay silent in that region', () => {
    const fired: string[] = [];
    const services = { now: () => 0, storage: memoryStorage(), fire: (url: string) => void fired.push(url) };
    expect(fireIdSyncs([sync('a')], services, 7)).toEqual(['a']);
    expect(fireIdSyncs([sync('a')], services, 7)).toEqual([]);
    expect(fireIdSyncs([sync('a')], services, null)).toEqual([]);
    expect(fireIdSyncs([sync('a')], services, 9)).toEqual(['a']);
    expect(fireIdSyncs([sync('a')], services, 9)).toEqual([]);
  });

  it('fires at most ten per call', () => {
    const fired: string[] = [];
    const syncs = Array.from({ length: 15 }, (_, i) => sync(`s${i}`));
    fireIdSyncs(syncs, { now: () => 0, storage: memoryStorage(), fire: (url) => void fired.push(url) });
    expect(fired).toHaveLength(10);
  });

  it('still fires when storage is unavailable or holds garbage', () => {
    const fired: string[] = [];
    const broken = { getItem: () => '{not json', setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(fireIdSyncs([sync('a')], { now: () => 0, storage: broken, fire: (url) => void fired.push(url) })).toEqual(['a']);
    expect(fireIdSyncs([sync('b')], { now: () => 0, storage: null, fire: (url) => void fired.push(url) })).toEqual(['b']);
  });
});
