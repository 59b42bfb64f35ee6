import { RE2JS } from 're2js';

/** Longest `matches` pattern a config may hold, in characters. */
export const MAX_PATTERN_LENGTH = 500;
/** Longest signal value a `matches` pattern is tested against; a longer value never matches. */
export const MAX_MATCHED_VALUE = 4096;

/** A compiled `matches` pattern. */
export interface SignalPattern {
  readonly source: string;
  /** Whether the pattern matches anywhere in the value (as `RegExp.prototype.test`). */
  test(value: string): boolean;
}

/**
 * Compiles a `matches` pattern for RE2 (re2js), an engine that never backtracks: matching
 * takes time linear in the value, so no pattern can stall the server (a JavaScript
 * `RegExp` such as `(a+)+$` takes seconds per request, doubling with each character).
 * RE2 has no backreferences or lookaround; a pattern using them is refused at config load,
 * as is one longer than {@link MAX_PATTERN_LENGTH} or one whose program is too large.
 * Each test is bounded too: values over {@link MAX_MATCHED_VALUE} characters never match.
 * Throws an Error saying why a pattern is refused.
 */
export function compileSignalPattern(source: string): SignalPattern {
  if (source.length > MAX_PATTERN_LENGTH) throw new Error(`pattern longer than ${MAX_PATTERN_LENGTH} characters`);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    throw new Error(`invalid regular expression (RE2 syntax: no backreferences or lookaround): ${(error as Error).message}`);
  }
  return {
    source,
    test: (value) => value.length <= MAX_MATCHED_VALUE && compiled.test(value),
  };
}
