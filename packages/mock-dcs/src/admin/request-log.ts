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
  durationMs: number;
}

const MAX_RECORDED = 1000;

/** The last 1000 event calls, oldest first. */
export class RequestLog {
  readonly #entries: RecordedRequest[] = [];

  add(entry: RecordedRequest): void {
    this.#entries.push(entry);
    if (this.#entries.length > MAX_RECORDED) this.#entries.shift();
  }

  list(): RecordedRequest[] {
    return [...this.#entries];
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
