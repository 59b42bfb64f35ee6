/** One realized trait in a profile. */
export interface TraitRealization {
  count: number;
  first: number;
  last: number;
}

/** What the emulator remembers of a device. Never `p_` values: they are evaluated, then forgotten. */
export interface Profile {
  uuid: string;
  traits: Map<number, TraitRealization>;
  /** Declared IDs by data source (dpid → dpuuids). */
  declared: Map<number, Set<string>>;
  /** Partner IDs stored by ID syncs (dpid → dpuuid). */
  synced: Map<number, string>;
  /** Opted out of everything (the device cookie's opt-out, `NOTARGET`). */
  optedOut: boolean;
  /** Partners this device opted out of (an opt-out by `d_uuid`, `d_mid` or a declared ID). */
  optedOutPartners?: Set<string>;
}

/** A kept profile with what the store knows of it. */
export interface ProfileRecord {
  profile: Profile;
  /** When the device was last active (ms since the epoch): an event call or an ID sync. */
  lastSeen: number;
  /** Partners whose calls touched it, first first. */
  partners: readonly string[];
}

/** The store's counters, as `GET /__admin/stats` shows them. */
export interface ProfileStoreStats {
  size: number;
  maxProfiles: number;
  /** What the kept profiles hold, by the store's estimate (bytes), and the most it may (its own stores may omit both). */
  bytes?: number;
  maxBytes?: number;
  inactiveMs: number;
  /** Profiles dropped because the store was full (least recently active first). */
  evictions: number;
  /** Profiles dropped after `inactiveMs` without activity. */
  expirations: number;
}

/**
 * Where profiles live. The default ({@link LruProfileStore}) is bounded in memory; another
 * store (a file, a database) implements this interface and is passed as
 * `startMockDcs({ profileStore })`.
 */
export interface ProfileStore {
  /** The device's profile, created when new; counts as activity (for `partner`, when given). */
  get(uuid: string, partner?: string): Profile;
  /** The device's profile when kept; does not count as activity. */
  find(uuid: string): Profile | undefined;
  /** The device's profile with what the store knows of it, when kept; does not count as activity. */
  record(uuid: string): ProfileRecord | undefined;
  /** Every kept profile, least recently active first; does not count as activity. */
  records(): ProfileRecord[];
  realize(profile: Profile, traitIds: Iterable<number>, now: number): void;
  declare(profile: Profile, dpid: number, dpuuid: string): void;
  /** The device a declared ID was last seen on, while that device's profile is kept. */
  deviceOf(dpid: number, dpuuid: string): string | undefined;
  sync(profile: Profile, dpid: number, dpuuid: string): void;
  optOutDeclared(dpid: number, dpuuid: string): void;
  isOptedOutDeclared(dpid: number, dpuuid: string): boolean;
  stats(): ProfileStoreStats;
  /** Forgets every profile and opt-out, and zeroes the counters. */
  clear(): void;
}

/** A profile as the admin API shows it (JSON-friendly). */
export function profileView(record: ProfileRecord | Profile): Record<string, unknown> {
  const profile = 'profile' in record ? record.profile : record;
  return {
    uuid: profile.uuid,
    optedOut: profile.optedOut,
    ...(profile.optedOutPartners?.size ? { optedOutPartners: [...profile.optedOutPartners] } : {}),
    traits: Object.fromEntries(profile.traits),
    declaredIds: Object.fromEntries([...profile.declared].map(([dpid, ids]) => [dpid, [...ids]])),
    syncedIds: Object.fromEntries(profile.synced),
    ...('profile' in record ? { lastSeen: record.lastSeen, partners: record.partners } : {}),
  };
}
