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

  // attack7: consent withdrawn on a page this one was left for (the back/forward cache): that
  // page's tag forgot our records; `removed` tells this page, once restored.
  it('removed(): an entry this page wrote or found, gone since (another page forgot it); never after its own clear, nor with nothing written', () => {
    const storage = memoryStorage();
    const cache = segmentCache(() => storage, 'acme', 500, () => 1_000);
    expect(cache.removed!()).toBe(false);
    cache.write(['5001']);
    expect(cache.removed!()).toBe(false);
    storage.removeItem('ar_seg_acme');
    expect(cache.removed!()).toBe(true);
    cache.write(['5001']);
    cache.clear();
    expect(cache.removed!()).toBe(false);
    expect(storage.getItem('ar_seg_acme')).toBeNull();
    // Found at start, written by an earlier page: its removal counts too.
    storage.setItem('ar_seg_acme', '1000|5001');
    const later = segmentCache(() => storage, 'acme', 500, () => 1_000);
    expect(later.read()).toEqual(['5001']);
    storage.removeItem('ar_seg_acme');
    expect(later.removed!()).toBe(true);
  });

  it('removed() is false where storage refused the write (nothing another page could remove)', () => {
    const cache = segmentCache(() => {
      throw new Error('blocked');
    }, 'acme', 500);
    cache.write(['5001']);
    expect(cache.removed!()).toBe(false);
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
