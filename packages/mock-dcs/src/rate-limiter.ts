/** Event calls per partner per wall-clock second, for `rateLimitPerSecond` (429). */
export class RateLimiter {
  readonly #windows = new Map<string, { second: number; count: number }>();

  /** Counts one call; true when it is over `perSecond` (null: no limit). */
  over(partner: string, perSecond: number | null, now = Date.now()): boolean {
    if (!perSecond) return false;
    const second = Math.floor(now / 1000);
    const window = this.#windows.get(partner);
    if (!window || window.second !== second) {
      this.#windows.set(partner, { second, count: 1 });
      return false;
    }
    return ++window.count > perSecond;
  }

  clear(): void {
    this.#windows.clear();
  }
}
