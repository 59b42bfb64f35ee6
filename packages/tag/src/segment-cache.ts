import { inStorage } from './in-storage';
import type { SegmentCache } from './services';

export const NO_CACHE: SegmentCache = { read: () => null, write: () => {}, clear: () => {} };

/**
 * `localStorage['ar_seg_<partner>']` = `<epoch ms>|<id>,<id>…`: a plain string, so a page
 * that patched `JSON` cannot corrupt it, and anything else found there is ignored. Storage
 * that throws (blocked, full, sandboxed) behaves as an empty cache.
 */
export function segmentCache(storage: () => Storage, partner: string, maxAgeMs: number, now: () => number = Date.now): SegmentCache {
  const key = segmentCacheKey(partner);
  const attempt = <T>(run: (s: Storage) => T, fallback: T): T => inStorage(storage, run, fallback);
  // This page stored the entry or found one: gone since, another page of the site forgot it.
  let stored = false;
  return {
    read: () =>
      attempt((s) => {
        const match = /^(\d{1,15})\|((?:\d{1,15}(?:,\d{1,15}){0,999})?)$/.exec(s.getItem(key) ?? '');
        if (!match) return null;
        stored = true;
        const age = now() - Number(match[1]);
        return age >= 0 && age <= maxAgeMs ? (match[2] ? match[2].split(',') : []) : null;
      }, null),
    write: (segments) => void (stored = attempt((s) => (s.setItem(key, `${now()}|${segments.join(',')}`), true), false)),
    clear: () => attempt((s) => ((stored = false), s.removeItem(key)), undefined),
    removed: () => stored && attempt((s) => s.getItem(key) === null, false),
  };
}

/** Where a partner's segments are cached: `localStorage[segmentCacheKey(partner)]`. */
export const segmentCacheKey = (partner: string): string => `ar_seg_${partner}`;
