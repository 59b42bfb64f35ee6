/**
 * The Experience Cloud ID (MID) → device ID links the ID service and the event endpoint
 * keep, so one visitor has one profile: a client that sends `d_mid` (with `d_orgid`) but no
 * device cookie is still recognized, as the server-to-server documentation describes. The
 * most recent link wins; beyond `capacity` (the profile store's `maxProfiles`: a link
 * outliving every profile it could lead to is dead weight) the least recently made links
 * are forgotten first.
 */
export class MidLinks {
  readonly #devices = new Map<string, string>();
  readonly capacity: number;

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`MID links: expected a positive whole number, got ${capacity}`);
    this.capacity = capacity;
  }

  link(mid: string, uuid: string): void {
    // Re-inserting moves the link to the young end, so eviction drops the least recent.
    this.#devices.delete(mid);
    this.#devices.set(mid, uuid);
    if (this.#devices.size > this.capacity) this.#devices.delete(this.#devices.keys().next().value as string);
  }

  deviceOf(mid: string): string | undefined {
    return this.#devices.get(mid);
  }

  get size(): number {
    return this.#devices.size;
  }

  clear(): void {
    this.#devices.clear();
  }
}
