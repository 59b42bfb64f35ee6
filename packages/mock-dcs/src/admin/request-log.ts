/** One recorded `/event` call, as the admin API shows it: `p_` values redacted. */
export interface RecordedRequest {
  time: number;
  method: string;
  partner: string;
  /** Path and query with every `p_` value replaced by `[redacted]`. */
  path: string;
  signals: Record<string, string[]>;
  uuid: string | null;
  status: number;
  errors: number[];
  /** What each error meant, in the order of `errors` (e.g. why 172 was raised). */
  errorMessages?: string[];
  /**
   * A CORS call (`Sec-Fetch-Mode: cors`) from an origin the partner does not allow: answered
   * without CORS headers, so the browser hid the answer from its caller (who saw a network
   * error). The usual cause: a frame on a CDN whose origin is not in `allowedOrigins`.
   */
  refusedOrigin?: string;
  durationMs: number;
}

/** How many event calls the log keeps. */
export const REQUEST_LOG_CAPACITY = 1000;

/** The last 1000 event calls, oldest first: a ring, so recording costs the same when full. */
export class RequestLog {
  readonly #entries: RecordedRequest[] = [];
  #next = 0;
  #total = 0;

  add(entry: RecordedRequest): void {
    this.#total++;
    if (this.#entries.length < REQUEST_LOG_CAPACITY) this.#entries.push(entry);
    else this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % REQUEST_LOG_CAPACITY;
  }

  list(): RecordedRequest[] {
    return this.#entries.length < REQUEST_LOG_CAPACITY ? [...this.#entries] : [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)];
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Event calls recorded since the start (or the last clear), kept or not. */
  get total(): number {
    return this.#total;
  }

  clear(): void {
    this.#entries.length = 0;
    this.#next = 0;
    this.#total = 0;
  }
}
