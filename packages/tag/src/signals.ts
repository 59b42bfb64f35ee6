import {
  MAX_DECLARED_IDS,
  MAX_DECLARED_ID_LENGTH,
  MAX_SIGNAL_KEYS,
  MAX_TRAIT_IDS,
  MAX_VALUES_PER_KEY,
  MAX_VALUE_LENGTH,
  isDeclaredId,
  isRecord,
  isSignalKey,
  type DeclaredId,
  type WireSignals,
} from '@audience-relay/protocol';
import { inputError } from './errors';

export type SignalValue = string | number | boolean;
/** Page signals: `c_` customer, `p_` private (evaluated, never stored), `d_` platform keys. */
export type Signals = Record<string, SignalValue | readonly SignalValue[]>;

/** Normalizes signals to wire form (every value a list of strings); throws naming every bad key. */
export function normalizeSignals(input: unknown): WireSignals {
  if (!isRecord(input)) throw inputError('signals', ['expected an object']);
  const problems: string[] = [];
  const signals: WireSignals = {};
  const keys = Object.keys(input);
  if (keys.length > MAX_SIGNAL_KEYS) problems.push(`more than ${MAX_SIGNAL_KEYS} keys`);
  for (const key of keys) {
    if (!isSignalKey(key)) {
      problems.push(`"${key}": not a c_, p_ or d_ key of letters, digits, - and _`);
      continue;
    }
    const raw = input[key];
    const values = (Array.isArray(raw) ? raw : [raw]) as unknown[];
    const bad = values.length === 0 || values.length > MAX_VALUES_PER_KEY || !values.every(isValue);
    if (bad) {
      problems.push(`"${key}": expected 1 to ${MAX_VALUES_PER_KEY} strings, numbers or booleans (${MAX_VALUE_LENGTH} characters max)`);
      continue;
    }
    signals[key] = values.map(String);
  }
  if (problems.length > 0) throw inputError('signals', problems);
  return signals;
}

function isValue(value: unknown): value is SignalValue {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'boolean') return true;
  return typeof value === 'string' && value.length <= MAX_VALUE_LENGTH;
}

/** Validates trait IDs for `d_sid`. */
export function normalizeTraitIds(input: unknown): number[] {
  const ids = Array.isArray(input) ? (input as unknown[]) : [input];
  const valid = ids.length <= MAX_TRAIT_IDS && ids.every((id) => typeof id === 'number' && Number.isSafeInteger(id) && id > 0);
  if (!valid) throw inputError('traits', [`expected up to ${MAX_TRAIT_IDS} positive whole trait IDs`]);
  return ids as number[];
}

/** A declared ID as the page gives it: by data source ID (`dpid`) or integration code (`code`). */
export type DeclaredIdInput =
  | { dpid: number; dpuuid: string }
  | { code: string; dpuuid: string; authState?: 0 | 1 | 2 };

/** Validates declared IDs (one or a list) to wire form; throws naming every bad entry. */
export function normalizeDeclaredIds(input: unknown): DeclaredId[] {
  const list = (Array.isArray(input) ? input : [input]) as unknown[];
  const problems: string[] = [];
  if (list.length === 0 || list.length > MAX_DECLARED_IDS) problems.push(`expected 1 to ${MAX_DECLARED_IDS} IDs`);
  const ids = list.map((item, index) => {
    const { dpid, code, dpuuid, authState = null } = isRecord(item) ? item : {};
    const id: DeclaredId = { source: (dpid ?? code) as number | string, id: dpuuid as string, authState: authState as DeclaredId['authState'] };
    const oneSource = (dpid === undefined) !== (code === undefined) && (dpid === undefined || typeof dpid === 'number');
    if (!oneSource || !isDeclaredId(id) || (dpid !== undefined && authState !== null)) {
      problems.push(`[${index}]: expected { dpid: number, dpuuid } or { code, dpuuid, authState?: 0 | 1 | 2 }, dpuuid 1 to ${MAX_DECLARED_ID_LENGTH} characters`);
    }
    return id;
  });
  if (problems.length > 0) throw inputError('ids', problems);
  return ids;
}
