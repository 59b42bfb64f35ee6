import { own } from '@audience-relay/protocol';
import { firableUrl } from './firable-url';

/** An ID sync (`ibs` entry) the DCS asks the frame to fire. */
export interface IdSync {
  id: string;
  /** Fired together, as Adobe's destination iframe fires an entry's URLs. */
  urls: string[];
  /** Minutes before it may fire again. */
  ttl: number;
}

export interface SyncServices {
  now(): number;
  /** The frame's own storage (partitioned per top-level site); null when unavailable. */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Fires one URL (an image request in browsers). */
  fire(url: string): void;
}

const STORE_KEY = 'audience-relay:ibs';
const MAX_PER_CALL = 10;
const MAX_URLS = 5;
const MAX_REMEMBERED = 200;
// Sync IDs are Adobe data source IDs; each is a key of the record the frame keeps, so short.
const SYNC_ID = /^[\w-]{1,64}$/;

/**
 * Reads the `ibs` array of a DCS answer: entries with an ID of at most 64 letters, digits,
 * `-` or `_`, and at least one URL to fire (see {@link firableUrl}; at most five kept).
 */
export function parseIdSyncs(value: unknown, secure = true): IdSync[] {
  if (!Array.isArray(value)) return [];
  const syncs: IdSync[] = [];
  for (const item of value.slice(0, 50)) {
    const rawId = own(item, 'id');
    const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : '';
    const given = own(item, 'url');
    const ttl = own(item, 'ttl');
    const urls = (Array.isArray(given) ? given.slice(0, MAX_URLS) : [given]).map((url) => firableUrl(url, secure)).filter((url): url is string => url !== null);
    if (SYNC_ID.test(id) && urls.length > 0) syncs.push({ id, urls, ttl: typeof ttl === 'number' && ttl >= 0 ? ttl : 0 });
  }
  return syncs;
}

/**
 * Fires the ID syncs that are due, inside the frame (never in the host page): each at
 * most once per its TTL, remembered in the frame's storage like the `dextp` record, and at
 * most ten per call. Returns the IDs fired.
 */
export function fireIdSyncs(syncs: readonly IdSync[], services: SyncServices): string[] {
  const now = services.now();
  const fired: string[] = [];
  const next = read(services.storage);
  for (const sync of syncs) {
    if (fired.length >= MAX_PER_CALL) break;
    const due = next[sync.id];
    if (due !== undefined && due > now) continue;
    for (const url of sync.urls) services.fire(url);
    next[sync.id] = now + sync.ttl * 60_000;
    fired.push(sync.id);
  }
  if (fired.length > 0) write(services.storage, next, now);
  return fired;
}

function read(storage: SyncServices['storage']): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(STORE_KEY) ?? '{}');
    const record: Record<string, number> = Object.create(null) as Record<string, number>;
    if (typeof parsed === 'object' && parsed !== null) {
      for (const [id, due] of Object.entries(parsed)) if (typeof due === 'number') record[id] = due;
    }
    return record;
  } catch {
    return Object.create(null) as Record<string, number>;
  }
}

function write(storage: SyncServices['storage'], record: Record<string, number>, now: number): void {
  const live = Object.entries(record)
    .filter(([, due]) => due > now)
    .slice(-MAX_REMEMBERED);
  try {
    storage?.setItem(STORE_KEY, JSON.stringify(Object.fromEntries(live)));
  } catch {
    // Storage full or blocked: the sync may fire again next time, which is harmless.
  }
}
