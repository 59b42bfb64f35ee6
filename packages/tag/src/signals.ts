import { LIMITS, isRecord, isSignalKey, type WireSignals } from '@audience-relay/protocol';
import { AudienceRelayInputError } from './errors.ts';

export type SignalValue = string | number | boolean;
/** Page signals: `c_` customer, `p_` private (evaluated, never stored), `d_` platform keys. */
export type Signals = Record<string, SignalValue | readonly SignalValue[]>;

/** Normalizes signals to wire form (every value a list of strings); throws naming every bad key. */
export function normalizeSignals(input: unknown): WireSignals {
  if (!isRecord(input)) throw new AudienceRelayInputError('signals', ['expected an object of key-value pairs']);
  const problems: string[] = [];
  const signals: WireSignals = {};
  const keys = Object.keys(input);
  if (keys.length > LIMITS.maxSignalKeys) problems.push(`more than ${LIMITS.maxSignalKeys} keys`);
  for (const key of keys) {
    if (!isSignalKey(key)) {
      problems.push(`"${key}": keys start with c_, p_ or d_ and use letters, digits, "-" and "_"`);
      continue;
    }
    const raw = input[key];
    const values = (Array.isArray(raw) ? raw : [raw]) as unknown[];
    const bad = values.length === 0 || values.length > LIMITS.maxValuesPerKey || !values.every(isValue);
    if (bad) {
      problems.push(`"${key}": expected a string, number or boolean (or up to ${LIMITS.maxValuesPerKey} of them) of at most ${LIMITS.maxValueLength} characters`);
      continue;
    }
    signals[key] = values.map(String);
  }
  if (problems.length > 0) throw new AudienceRelayInputError('signals', problems);
  return signals;
}

function isValue(value: unknown): value is SignalValue {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'boolean') return true;
  return typeof value === 'string' && value.length <= LIMITS.maxValueLength;
}

/** Validates trait IDs for `d_sid`. */
export function normalizeTraitIds(input: unknown): number[] {
  const ids = Array.isArray(input) ? (input as unknown[]) : [input];
  const valid = ids.length <= LIMITS.maxTraitIds && ids.every((id) => typeof id === 'number' && Number.isSafeInteger(id) && id > 0);
  if (!valid) throw new AudienceRelayInputError('traits', [`expected up to ${LIMITS.maxTraitIds} positive whole trait IDs`]);
  return ids as number[];
}
