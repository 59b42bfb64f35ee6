/** Faults the admin API injects into the next N `/event` calls. */
export interface FaultSpec {
  /** How many of the next event calls get the fault (default 1). */
  count: number;
  /** Added latency, in ms (at most 60000). */
  latencyMs?: number;
  /** Answer with this HTTP status instead (e.g. 500, 503). */
  status?: number;
  /** Answer 200 with a body that is not JSON. */
  malformedBody?: boolean;
  /** Drop the connection without an answer. */
  dropConnection?: boolean;
  /** Every content provider call times out. */
  providerTimeout?: boolean;
}

export type Fault = Omit<FaultSpec, 'count'>;

/** Validates a fault spec from the admin API; returns the problems, or the spec. */
export function parseFaultSpec(input: unknown): FaultSpec | string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return ['expected a JSON object'];
  const spec = input as Record<string, unknown>;
  const problems: string[] = [];
  const known = ['count', 'latencyMs', 'status', 'malformedBody', 'dropConnection', 'providerTimeout'];
  for (const key of Object.keys(spec)) if (!known.includes(key)) problems.push(`unknown field "${key}"`);
  const count = spec.count ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 10000) problems.push('count: expected 1 to 10000');
  if (spec.latencyMs !== undefined && (typeof spec.latencyMs !== 'number' || spec.latencyMs < 0 || spec.latencyMs > 60000)) {
    problems.push('latencyMs: expected 0 to 60000');
  }
  if (spec.status !== undefined && (typeof spec.status !== 'number' || !Number.isInteger(spec.status) || spec.status < 200 || spec.status > 599)) {
    problems.push('status: expected an HTTP status from 200 to 599');
  }
  for (const flag of ['malformedBody', 'dropConnection', 'providerTimeout']) {
    if (spec[flag] !== undefined && typeof spec[flag] !== 'boolean') problems.push(`${flag}: expected true or false`);
  }
  return problems.length > 0 ? problems : ({ ...spec, count } as FaultSpec);
}

/** The pending fault plan: each event call takes one fault until the count runs out. */
export class FaultPlan {
  #spec: FaultSpec | null = null;

  set(spec: FaultSpec | null): void {
    this.#spec = spec ? { ...spec } : null;
  }

  get pending(): FaultSpec | null {
    return this.#spec ? { ...this.#spec } : null;
  }

  take(): Fault | null {
    const spec = this.#spec;
    if (!spec) return null;
    if (--spec.count <= 0) this.#spec = null;
    const { count: _count, ...fault } = spec;
    return fault;
  }
}
