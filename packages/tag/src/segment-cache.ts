import { inStorage } from './in-storage';
import type { SegmentCache } from './services';

export const NO_CACHE: SegmentCache = { read: () => null, write: () => {}, clear: () => {} };

/**
 * `localStorage['ar_seg_<partner>']` = `<epoch ms>|<id>,<id>…`: a plain string, so a page
 * that patched `JSON` cannot corrupt it, and anything else found there is ignored. Storage
 * that throws (blocked, full, sandboxed) behaves as an empty cache.
 */
export function segmentCache(storage: () => Storage, partner: string, maxAgeMs: number, now: () => number = Date.now): SegmentCache {
  const key = `ar_seg_${partner}`;
  const attempt = <T>(run: (s: Storage) => T, fallback: T): T => inStorage(storage, run, fallback);
  return {
    read: () =>
      attempt((s) => {
        const match = /^(\d{1,15})\|((?:\d{1,15}(?:,\d{1,15}){0,999})?)$/.exec(s.getItem(key) ?? '');
        if (!match) return null;
        const age = now() - Number(match[1]);
        return age >= 0 && age <= maxAgeMs ? (match[2] ? match[2].split(',') : []) : null;
      }, null),
    write: (segments) => attempt((s) => s.setItem(key, `${now()}|${segments.join(',')}`), undefined),
    // Segments forgotten (consent withdrawn, an opt-out) leave WITHDRAWN in their place, no
    // data: a page of the site still open with an older consent (another tab, one kept in the
    // back/forward cache) sees it and withdraws too. A page's own `localStorage.clear()` (a
    // logout) leaves nothing, so it is no withdrawal. The next fresh answer with consent
    // replaces it. Where nothing was stored, nothing is written.
    clear: () => attempt((s) => s.getItem(key) !== null && s.setItem(key, WITHDRAWN), undefined),
    withdrawn: () => attempt((s) => s.getItem(key) === WITHDRAWN, false),
  };
}

const WITHDRAWN = 'withdrawn';
