import { own } from '@audience-relay/protocol';
import { firableUrl } from './firable-url';

/** An ID sync (`ibs` entry) the DCS asks the frame to fire. */
export interface IdSync {
  id: string;
  /** The entry's URLs, fired together (Adobe's clients fire every URL of an entry). */
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
const REGION_KEY = 'audience-relay:ibs-region';
const MAX_PER_CALL = 10;
const MAX_URLS_PER_SYNC = 5;
const MAX_REMEMBERED = 200;

/**
 * Reads the `ibs` array of a DCS answer: entries with an ID (a number, or a string of at most
 * 64 characters) and at least one URL that may be fired (see {@link firableUrl}); of an
 * entry's `url` (one, or a list, as DIL and VisitorAPI.js read it) the first five firable ones.
 */
export function parseIdSyncs(value: unknown): IdSync[] {
  if (!Array.isArray(value)) return [];
  const syncs: IdSync[] = [];
  for (const item of value.slice(0, 50)) {
    const id = own(item, 'id');
    const ttl = own(item, 'ttl');
    const urls = [own(item, 'url')]
      .flat()
      .slice(0, MAX_URLS_PER_SYNC)
      .map(firableUrl)
      .filter((url): url is string => !!url);
    // Sync IDs are Adobe data source IDs; each keys the record the frame keeps, so short.
    if ((typeof id == 'string' || typeof id == 'number') && `${id}`.length <= 64 && urls.length) syncs.push({ id: `${id}`, urls, ttl: typeof ttl == 'number' && ttl >= 0 ? ttl : 0 });
  }
  return syncs;
}

/**
 * Fires the ID syncs that are due, inside the frame (never in the host page): each at
 * most once per its TTL, remembered in the frame's storage like the `dextp` record, and at
 * most ten per call. An answer from another DCS `region` than the last one clears the record
 * first, as Adobe's VisitorAPI.js clears its destination iframe's (a sync ties a partner's ID
 * to the device in the region that serves it). Returns the IDs fired.
 */
export function fireIdSyncs(syncs: readonly IdSync[], services: SyncServices, region: number | null = null): string[] {
  const now = services.now();
  const fired: string[] = [];
  let next = read(services.storage);
  let moved = false;
  try {
    moved = region !== null && services.storage?.getItem(REGION_KEY) !== `${region}`;
    if (moved) services.storage?.setItem(REGION_KEY, `${region}`);
  } catch {
    // Storage blocked: the record is not kept either.
  }
  if (moved) next = Object.create(null) as Record<string, number>;
  for (const sync of syncs) {
    if (fired.length >= MAX_PER_CALL) break;
    const due = next[sync.id];
    if (due !== undefined && due > now) continue;
    for (const url of sync.urls) services.fire(url);
    next[sync.id] = now + sync.ttl * 60_000;
    fired.push(sync.id);
  }
  if (fired.length > 0 || moved) write(services.storage, next, now);
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
