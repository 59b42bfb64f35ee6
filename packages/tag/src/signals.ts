import {
  type DeclaredId,
  isDeclaredId,
  isRecord,
  isReservedKey,
  isSignalKey,
  isWellFormed,
  keys,
  MAX_DECLARED_ID_LENGTH,
  MAX_DECLARED_IDS,
  MAX_PROBLEMS,
  MAX_SIGNAL_BYTES,
  MAX_SIGNAL_KEYS,
  MAX_TRAIT_IDS,
  MAX_VALUE_LENGTH,
  MAX_VALUES_PER_KEY,
  signalBytes,
  type WireSignals,
} from '@audience-relay/protocol';
import { option } from './check';
import { FULL, inputError, readable } from './errors';
import type { SignalValue } from './types';

/**
 * Normalizes signals to wire form (every value a list of strings); throws naming the bad
 * keys (the first 20, and how many more). Refused: keys that are not `c_`/`p_`/`d_`, the
 * `d_` control keys the frame sets itself, values that are not well-formed Unicode (a lone
 * surrogate cannot be encoded), and signals over the byte limit of one event call.
 */
export function normalizeSignals(input: unknown): WireSignals {
  return readable('signals', () => signalsOf(input));
}

function signalsOf(input: unknown): WireSignals {
  if (!isRecord(input)) throw inputError('signals', ['expected an object']);
  const problems: string[] = [];
  const signals: WireSignals = {};
  const names = keys(input);
  // Too many keys: that alone is the answer, without a walk over all of them (a long task).
  if (names.length > MAX_SIGNAL_KEYS) throw inputError('signals', [`${FULL ? 'more than' : '>'} ${MAX_SIGNAL_KEYS} keys`]);
  // Past the first problems only the count goes on: megabytes of bad input make one short message.
  const problem = (text: () => string): void => void problems.push(problems.length < MAX_PROBLEMS ? text() : '');
  for (const key of names) {
    const raw = input[key];
    const values = Array.isArray(raw) ? listOf(raw, MAX_VALUES_PER_KEY) : [raw];
    if (isReservedKey(key)) problem(() => `"${key}"${FULL ? ': a control key the frame sets itself' : ' reserved'}`);
    else if (!isSignalKey(key)) problem(() => `"${key.slice(0, 100)}"${FULL ? ': not a c_, p_ or d_ key of letters, digits, - and _' : ' key'}`);
    else if (!values?.length || !values.every(isValue)) {
      problem(() => `"${key}"${FULL ? `: expected 1 to ${MAX_VALUES_PER_KEY} strings, numbers or booleans (${MAX_VALUE_LENGTH} characters max, well-formed Unicode)` : ' value'}`);
    } else signals[key] = values.map(String);
  }
  if (problems.length === 0 && signalBytes(signals) > MAX_SIGNAL_BYTES) problems.push(`${FULL ? "more than" : ">"} ${MAX_SIGNAL_BYTES} bytes`);
  if (problems.length > 0) throw inputError('signals', problems);
  return signals;
}

/**
 * A copy of an array's first items, each read once, by index: what is checked is what is sent.
 * An index getter may answer differently on a second read, and an array may own an iterator
 * that yields other items than its indexes (so no spread, no `every` on the page's array).
 * Null past `max` items, without reading them.
 */
function listOf(input: unknown[], max: number): unknown[] | null {
  const length = input.length;
  if (!(length <= max)) return null;
  const copy: unknown[] = [];
  for (let i = 0; i < length; i++) copy[i] = input[i];
  return copy;
}

function isValue(value: unknown): value is SignalValue {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'boolean') return true;
  return typeof value === 'string' && value.length <= MAX_VALUE_LENGTH && isWellFormed(value);
}

/** Validates trait IDs for `d_sid`. */
export function normalizeTraitIds(input: unknown): number[] {
  return readable('traits', () => traitIdsOf(input));
}

function traitIdsOf(input: unknown): number[] {
  const ids = Array.isArray(input) ? listOf(input, MAX_TRAIT_IDS) : [input];
  if (!ids?.every((id) => typeof id === 'number' && Number.isSafeInteger(id) && id > 0)) throw inputError('traits', [FULL ? `expected up to ${MAX_TRAIT_IDS} positive whole trait IDs` : 'ids']);
  return ids as number[];
}

/** Validates declared IDs (one or a list) to wire form; throws naming the bad entries. */
export function normalizeDeclaredIds(input: unknown): DeclaredId[] {
  return readable('ids', () => declaredIdsOf(input));
}

function declaredIdsOf(input: unknown): DeclaredId[] {
  const list = Array.isArray(input) ? listOf(input, MAX_DECLARED_IDS) : [input];
  if (!list?.length) throw inputError('ids', [FULL ? `expected 1 to ${MAX_DECLARED_IDS} IDs` : 'count']);
  const problems: string[] = [];
  const sources = new Set<unknown>();
  const ids = list.map((item, index) => {
    // Own properties only: an inherited `authState` or `dpid` must not change the ID.
    const [dpid, code, dpuuid] = ['dpid', 'code', 'dpuuid'].map((key) => option(item, key));
    const authState = option(item, 'authState', null);
    const id: DeclaredId = { source: (dpid ?? code) as number | string, id: dpuuid as string, authState: authState as DeclaredId['authState'] };
    const oneSource = (dpid === undefined) !== (code === undefined) && (dpid === undefined || typeof dpid === 'number');
    if (!isRecord(item) || !oneSource || !isDeclaredId(id)) {
      problems.push(`[${index}]${FULL ? `: expected { dpid: a whole number of 1 to 10 digits, dpuuid, authState?: 0 | 1 | 2 } or { code, dpuuid, authState? }, dpuuid of well-formed Unicode, 1 to ${MAX_DECLARED_ID_LENGTH} bytes percent-encoded` : ''}`);
    } else if (sources.has(id.source)) {
      // One ID per data source, as across calls (a later ids() call replaces it): a list with
      // two would leave the DCS to drop one, the page not choosing which.
      problems.push(`[${index}]${FULL ? `: a second ID of data source ${id.source} (one per data source)` : ' source'}`);
    }
    sources.add(id.source);
    return id;
  });
  if (problems.length > 0) throw inputError('ids', problems);
  return ids;
}
