import type { Profile, ProfileRecord, ProfileStore, ProfileStoreStats } from './profiles';

/** Audience Manager deletes a device's data from its back end 120 days after last seeing it. */
export const DEFAULT_INACTIVE_MS = 120 * 24 * 60 * 60 * 1000;
/** Profiles kept at most by default; the byte budget below usually binds first. */
export const DEFAULT_MAX_PROFILES = 200_000;
/**
 * What the kept profiles may hold, by the store's own estimate (bytes). A profile is 0.5 KB
 * with nothing declared, but up to about 0.5 MB full (1,000 declared IDs and 100 synced IDs
 * of 256 characters): a count alone would let 200,000 of them take some 100 GB.
 */
export const DEFAULT_MAX_PROFILE_BYTES = 256 * 1024 * 1024;

/** Estimated bytes of a profile with nothing in it: the entry, its maps, its uuid. */
const PROFILE_BYTES = 500;
const TRAIT_BYTES = 100;
/** A declared ID is kept twice (on the profile, and as the key of the index to its device). */
const declaredBytes = (dpuuid: string): number => 2 * (dpuuid.length + 40) + 120;
const syncedBytes = (dpuuid: string): number => dpuuid.length + 100;

export interface LruProfileStoreOptions {
  /** Most profiles kept; beyond it the least recently active is evicted. Default 200,000. */
  maxProfiles?: number;
  /** Most bytes the kept profiles may hold (the store's estimate); beyond it the least recently active are evicted. Default 256 MiB. */
  maxBytes?: number;
  /** A profile inactive this long (ms) expires. Default 120 days, as Audience Manager's. */
  inactiveMs?: number;
  /** The clock (ms since the epoch). Default `Date.now`. */
  now?: () => number;
}

interface Entry extends ProfileRecord {
  partners: string[];
  /** This profile's estimated bytes, counted in the store's total. */
  bytes: number;
}

/**
 * What one device may pile up, so a long load test of one returning visitor (a cookie that
 * declares a new customer ID, or syncs a new data source, on every call) stays bounded too:
 * the most recent 10 declared IDs per data source, of at most 100 data sources, and synced
 * IDs of at most 100 data sources. Audience Manager's own per-call limits are 10 customer IDs
 * and 3 per data source; across calls it merges up to 100 devices per profile.
 */
export const MAX_DECLARED_PER_SOURCE = 10;
export const MAX_DATA_SOURCES_PER_PROFILE = 100;

const declaredKey = (dpid: number, dpuuid: string): string => `${dpid}\u0001${dpuuid}`;
// Expired profiles are dropped a few at a time as calls come (up to 64 every 32 calls), so
// no call pays for a whole sweep and most pay nothing.
const SWEEP_EVERY = 32;
const SWEEP_LIMIT = 64;

/**
 * The default profile store: in memory and bounded. A `Map` keeps insertion order, and every
 * activity moves the profile to the end, so the first entry is always the least recently
 * active: eviction and expiry take from the front, each in constant time.
 */
export class LruProfileStore implements ProfileStore {
  readonly #entries = new Map<string, Entry>();
  /** Declared ID → the device it was seen on last (most recent mapping wins). */
  readonly #declaredDevice = new Map<string, string>();
  /** Opted-out declared IDs, oldest first, bounded like the profiles. */
  readonly #optedOutDeclared = new Set<string>();
  readonly #max: number;
  readonly #maxBytes: number;
  #bytes = 0;
  readonly #inactiveMs: number;
  readonly #now: () => number;
  #evictions = 0;
  #expirations = 0;
  #untilSweep = SWEEP_EVERY;

  constructor(options: LruProfileStoreOptions = {}) {
    const { maxProfiles = DEFAULT_MAX_PROFILES, maxBytes = DEFAULT_MAX_PROFILE_BYTES, inactiveMs = DEFAULT_INACTIVE_MS, now = Date.now } = options;
    if (!Number.isSafeInteger(maxProfiles) || maxProfiles < 1) throw new RangeError(`maxProfiles: expected a positive whole number, got ${maxProfiles}`);
    if (!Number.isSafeInteger(maxBytes) || maxBytes < PROFILE_BYTES) throw new RangeError(`maxBytes: expected a whole number of at least ${PROFILE_BYTES}, got ${maxBytes}`);
    this.#maxBytes = maxBytes;
    if (!(inactiveMs > 0)) throw new RangeError(`inactiveMs: expected a positive number of milliseconds, got ${inactiveMs}`);
    this.#max = maxProfiles;
    this.#inactiveMs = inactiveMs;
    this.#now = now;
  }

  get(uuid: string, partner?: string): Profile {
    const now = this.#now();
    if (--this.#untilSweep <= 0) {
      this.#untilSweep = SWEEP_EVERY;
      this.#expire(now, SWEEP_LIMIT);
    }
    let entry = this.#live(uuid, now);
    if (entry) {
      // Re-inserting moves it to the end: the most recently active.
      this.#entries.delete(uuid);
    } else {
      if (this.#entries.size >= this.#max) {
        // An expired profile makes room before an active one is evicted.
        this.#expire(now, SWEEP_LIMIT);
        if (this.#entries.size >= this.#max) this.#evictOldest();
      }
      entry = { profile: { uuid, traits: new Map(), declared: new Map(), synced: new Map(), optedOut: false }, lastSeen: now, partners: [], bytes: PROFILE_BYTES };
      this.#bytes += PROFILE_BYTES;
    }
    entry.lastSeen = now;
    if (partner !== undefined && !entry.partners.includes(partner)) entry.partners.push(partner);
    this.#entries.set(uuid, entry);
    this.#fitBytes(uuid);
    return entry.profile;
  }

  find(uuid: string): Profile | undefined {
    return this.#live(uuid, this.#now())?.profile;
  }

  record(uuid: string): ProfileRecord | undefined {
    return this.#live(uuid, this.#now());
  }

  records(): ProfileRecord[] {
    this.#expire(this.#now(), Infinity);
    return [...this.#entries.values()];
  }

  realize(profile: Profile, traitIds: Iterable<number>, now: number): void {
    for (const id of traitIds) {
      const seen = profile.traits.get(id);
      if (seen) {
        seen.count++;
        seen.last = now;
      } else {
        profile.traits.set(id, { count: 1, first: now, last: now });
        this.#grow(profile, TRAIT_BYTES);
      }
    }
  }

  declare(profile: Profile, dpid: number, dpuuid: string): void {
    // Re-inserting moves the ID (and its data source) to the young end: the oldest go first.
    const ids = profile.declared.get(dpid) ?? new Set();
    profile.declared.delete(dpid);
    if (!ids.delete(dpuuid)) this.#grow(profile, declaredBytes(dpuuid));
    ids.add(dpuuid);
    profile.declared.set(dpid, ids);
    const key = declaredKey(dpid, dpuuid);
    this.#declaredDevice.delete(key);
    this.#declaredDevice.set(key, profile.uuid);
    if (ids.size > MAX_DECLARED_PER_SOURCE) this.#undeclare(profile, dpid, [ids.values().next().value as string]);
    if (profile.declared.size > MAX_DATA_SOURCES_PER_PROFILE) {
      const [oldest, oldestIds] = profile.declared.entries().next().value as [number, Set<string>];
      this.#undeclare(profile, oldest, [...oldestIds]);
    }
    this.#fitBytes(profile.uuid);
  }

  deviceOf(dpid: number, dpuuid: string): string | undefined {
    const uuid = this.#declaredDevice.get(declaredKey(dpid, dpuuid));
    return uuid !== undefined && this.#live(uuid, this.#now()) ? uuid : undefined;
  }

  sync(profile: Profile, dpid: number, dpuuid: string): void {
    const before = profile.synced.get(dpid);
    profile.synced.delete(dpid);
    profile.synced.set(dpid, dpuuid);
    let change = syncedBytes(dpuuid) - (before === undefined ? 0 : syncedBytes(before));
    if (profile.synced.size > MAX_DATA_SOURCES_PER_PROFILE) {
      const [oldest, id] = profile.synced.entries().next().value as [number, string];
      profile.synced.delete(oldest);
      change -= syncedBytes(id);
    }
    this.#grow(profile, change);
    this.#fitBytes(profile.uuid);
  }

  optOutDeclared(dpid: number, dpuuid: string): void {
    const key = declaredKey(dpid, dpuuid);
    this.#optedOutDeclared.delete(key);
    this.#optedOutDeclared.add(key);
    if (this.#optedOutDeclared.size > this.#max) this.#optedOutDeclared.delete(this.#optedOutDeclared.values().next().value as string);
  }

  isOptedOutDeclared(dpid: number, dpuuid: string): boolean {
    return this.#optedOutDeclared.has(declaredKey(dpid, dpuuid));
  }

  stats(): ProfileStoreStats {
    this.#expire(this.#now(), Infinity);
    return { size: this.#entries.size, maxProfiles: this.#max, bytes: this.#bytes, maxBytes: this.#maxBytes, inactiveMs: this.#inactiveMs, evictions: this.#evictions, expirations: this.#expirations };
  }

  clear(): void {
    this.#entries.clear();
    this.#declaredDevice.clear();
    this.#optedOutDeclared.clear();
    this.#bytes = 0;
    this.#evictions = 0;
    this.#expirations = 0;
  }

  /** The entry, unless it has expired (then it is dropped and counted). */
  #live(uuid: string, now: number): Entry | undefined {
    const entry = this.#entries.get(uuid);
    if (entry && now - entry.lastSeen >= this.#inactiveMs) {
      this.#drop(entry);
      this.#expirations++;
      return undefined;
    }
    return entry;
  }

  /** Drops expired profiles from the front (the least recently active), at most `limit`. */
  #expire(now: number, limit: number): void {
    let dropped = 0;
    for (const entry of this.#entries.values()) {
      if (dropped >= limit || now - entry.lastSeen < this.#inactiveMs) return;
      this.#drop(entry);
      this.#expirations++;
      dropped++;
    }
  }

  /** Forgets declared IDs of one data source on a kept profile, and their mappings to it. */
  #undeclare(profile: Profile, dpid: number, dpuuids: string[]): void {
    const ids = profile.declared.get(dpid);
    for (const dpuuid of dpuuids) {
      if (ids?.delete(dpuuid)) this.#grow(profile, -declaredBytes(dpuuid));
      const key = declaredKey(dpid, dpuuid);
      if (this.#declaredDevice.get(key) === profile.uuid) this.#declaredDevice.delete(key);
    }
    if (ids?.size === 0) profile.declared.delete(dpid);
  }

  #evictOldest(): void {
    const oldest = this.#entries.values().next().value as Entry | undefined;
    if (!oldest) return;
    this.#drop(oldest);
    this.#evictions++;
  }

  /** Counts a change in a kept profile's bytes (a throwaway profile, not kept, counts nothing). */
  #grow(profile: Profile, bytes: number): void {
    const entry = this.#entries.get(profile.uuid);
    if (!bytes || entry?.profile !== profile) return;
    entry.bytes += bytes;
    this.#bytes += bytes;
  }

  /** Evicts the least recently active profiles while over the byte budget, never `keep` (the one being written). */
  #fitBytes(keep: string): void {
    while (this.#bytes > this.#maxBytes) {
      const oldest = this.#entries.values().next().value as Entry | undefined;
      if (!oldest || oldest.profile.uuid === keep) return;
      this.#drop(oldest);
      this.#evictions++;
    }
  }

  #drop(entry: Entry): void {
    this.#entries.delete(entry.profile.uuid);
    this.#bytes -= entry.bytes;
    // Its declared IDs no longer lead to it (unless they were seen on another device since).
    for (const [dpid, ids] of entry.profile.declared) {
      for (const dpuuid of ids) {
        const key = declaredKey(dpid, dpuuid);
        if (this.#declaredDevice.get(key) === entry.profile.uuid) this.#declaredDevice.delete(key);
      }
    }
  }
}
