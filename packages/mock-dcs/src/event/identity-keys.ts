const MAX_LINKS = 100_000;

/**
 * The Experience Cloud ID (MID) → device ID links the ID service and the event endpoint
 * keep, so one visitor has one profile: a client that sends `d_mid` (with `d_orgid`) but no
 * device cookie is still recognized, as the server-to-server documentation describes. The
 * most recent link wins; the oldest links are forgotten past 100,000 (a mock, not a
 * database).
 */
export class MidLinks {
  readonly #devices = new Map<string, string>();

  link(mid: string, uuid: string): void {
    // Re-inserting moves the link to the young end, so eviction drops the least recent.
    this.#devices.delete(mid);
    this.#devices.set(mid, uuid);
    if (this.#devices.size > MAX_LINKS) this.#devices.delete(this.#devices.keys().next().value as string);
  }

  deviceOf(mid: string): string | undefined {
    return this.#devices.get(mid);
  }

  clear(): void {
    this.#devices.clear();
  }
}
