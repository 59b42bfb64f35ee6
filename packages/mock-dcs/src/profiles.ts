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
  optedOut: boolean;
}

const key = (dpid: number, dpuuid: string): string => `${dpid}\u0001${dpuuid}`;

export class ProfileStore {
  readonly #profiles = new Map<string, Profile>();
  /** Declared ID → the device it was seen on last (most recent mapping wins). */
  readonly #declaredDevice = new Map<string, string>();
  readonly #optedOutDeclared = new Set<string>();

  get(uuid: string): Profile {
    let profile = this.#profiles.get(uuid);
    if (!profile) {
      profile = { uuid, traits: new Map(), declared: new Map(), synced: new Map(), optedOut: false };
      this.#profiles.set(uuid, profile);
    }
    return profile;
  }

  find(uuid: string): Profile | undefined {
    return this.#profiles.get(uuid);
  }

  all(): Profile[] {
    return [...this.#profiles.values()];
  }

  realize(profile: Profile, traitIds: Iterable<number>, now: number): void {
    for (const id of traitIds) {
      const seen = profile.traits.get(id);
      if (seen) {
        seen.count++;
        seen.last = now;
      } else profile.traits.set(id, { count: 1, first: now, last: now });
    }
  }

  declare(profile: Profile, dpid: number, dpuuid: string): void {
    const ids = profile.declared.get(dpid) ?? new Set();
    ids.add(dpuuid);
    profile.declared.set(dpid, ids);
    this.#declaredDevice.set(key(dpid, dpuuid), profile.uuid);
  }

  /** The device a declared ID was last seen on. */
  deviceOf(dpid: number, dpuuid: string): string | undefined {
    return this.#declaredDevice.get(key(dpid, dpuuid));
  }

  sync(profile: Profile, dpid: number, dpuuid: string): void {
    profile.synced.set(dpid, dpuuid);
  }

  optOutDeclared(dpid: number, dpuuid: string): void {
    this.#optedOutDeclared.add(key(dpid, dpuuid));
  }

  isOptedOutDeclared(dpid: number, dpuuid: string): boolean {
    return this.#optedOutDeclared.has(key(dpid, dpuuid));
  }

  clear(): void {
    this.#profiles.clear();
    this.#declaredDevice.clear();
    this.#optedOutDeclared.clear();
  }
}

/** A profile as the admin API shows it (JSON-friendly). */
export function profileView(profile: Profile): Record<string, unknown> {
  return {
    uuid: profile.uuid,
    optedOut: profile.optedOut,
    traits: Object.fromEntries(profile.traits),
    declaredIds: Object.fromEntries([...profile.declared].map(([dpid, ids]) => [dpid, [...ids]])),
    syncedIds: Object.fromEntries(profile.synced),
  };
}
