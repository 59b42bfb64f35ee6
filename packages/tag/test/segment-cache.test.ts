import { describe, expect, it } from 'vitest';
import { segmentCache } from '../src/segment-cache';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
    key: () => null,
    get length() {
      return map.size;
    },
  };
}

describe('segment cache', () => {
  it('returns what was written while younger than the max age, then nothing', () => {
    let now = 1_000;
    const storage = memoryStorage();
    const cache = segmentCache(() => storage, 'acme', 500, () => now);
    expect(cache.read()).toBeNull();
    cache.write(['5001', '5002']);
    expect(storage.getItem('ar_seg_acme')).toBe('1000|5001,5002');
    now = 1_500;
    expect(cache.read()).toEqual(['5001', '5002']);
    now = 1_501;
    expect(cache.read()).toBeNull();
  });

  // attack7, review8: consent withdrawn in another tab, or on a page this one was left for (the
  // back/forward cache): that page's tag leaves its mark; a page's own localStorage.clear() (a
  // logout) does not.
  it('clear() leaves the withdrawal mark where segments were stored (no data), and nothing where none were; withdrawn() sees it; the next write replaces it', () => {
    const storage = memoryStorage();
    const cache = segmentCache(() => storage, 'acme', 500, () => 1_000);
    cache.clear();
    expect(storage.getItem('ar_seg_acme')).toBeNull();
    expect(cache.withdrawn!()).toBe(false);
    cache.write(['5001']);
    expect(cache.withdrawn!()).toBe(false);
    cache.clear();
    expect(storage.getItem('ar_seg_acme')).toBe('withdrawn');
    expect(cache.read()).toBeNull();
    // Another page's view of it.
    expect(segmentCache(() => storage, 'acme', 500).withdrawn!()).toBe(true);
    cache.write(['5002']);
    expect(cache.withdrawn!()).toBe(false);
    expect(cache.read()).toEqual(['5002']);
  });

  it('storage emptied by the page (a logout\'s localStorage.clear()) is no withdrawal', () => {
    const storage = memoryStorage();
    const cache = segmentCache(() => storage, 'acme', 500, () => 1_000);
    cache.write(['5001']);
    storage.clear();
    expect(cache.withdrawn!()).toBe(false);
  });

  it('keeps an empty segment list as a valid answer, and clear() removes it', () => {
    const storage = memoryStorage();
    const cache = segmentCache(() => storage, 'acme', 500, () => 0);
    cache.write([]);
    expect(cache.read()).toEqual([]);
    cache.clear();
    expect(cache.read()).toBeNull();
  });

  it('ignores anything else found under its key, and a clock that went backwards', () => {
    const storage = memoryStorage();
    const cache = segmentCache(() => storage, 'acme', 500, () => 100);
    for (const junk of ['{"t":1}', '100|5001,', '100|<img>', 'x|1', '200|1']) {
      storage.setItem('ar_seg_acme', junk);
      expect(cache.read(), junk).toBeNull();
    }
  });

  it('behaves as an empty cache when storage throws (blocked, sandboxed, full)', () => {
    const cache = segmentCache(
      () => {
        throw new DOMException('denied', 'SecurityError');
      },
      'acme',
      500,
    );
    expect(cache.read()).toBeNull();
    expect(() => cache.write(['1'])).not.toThrow();
  });
});
