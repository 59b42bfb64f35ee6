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
}

export class ProfileStore {
  readonly #profiles = new Map<string, Profile>();

  get(uuid: string): Profile {
    let profile = this.#profiles.get(uuid);
    if (!profile) {
      profile = { uuid, traits: new Map() };
      this.#profiles.set(uuid, profile);
    }
    return profile;
  }

  find(uuid: string): Profile | undefined {
    return this.#profiles.get(uuid);
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

  clear(): void {
    this.#profiles.clear();
  }
}
