import type { RuleNode } from './parse';
import type { SignalPattern } from './signal-pattern';
import type { Operator } from './tokenize';

/** Signals of one request: each key with all its values (repeated or comma-serialized). */
export type SignalMap = ReadonlyMap<string, readonly string[]>;

/**
 * Evaluates a trait rule over signals. A comparison holds when any value of the key
 * satisfies it; an absent key satisfies nothing (so `NOT` is how a rule asks for absence).
 * Ordering operators compare numerically and fail on non-numeric values; `==`/`!=` compare
 * numerically when both sides are numbers (`"25.0" == 25`), else as strings.
 */
export function evaluateTraitRule(node: RuleNode, signals: SignalMap): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateTraitRule(node.left, signals) && evaluateTraitRule(node.right, signals);
    case 'or':
      return evaluateTraitRule(node.left, signals) || evaluateTraitRule(node.right, signals);
    case 'not':
      return !evaluateTraitRule(node.operand, signals);
    case 'signal': {
      const values = signals.get(node.key);
      if (!values || values.length === 0) return false;
      // Loops, not every/some: this runs for every trait of every call.
      if (node.op === '!=') {
        for (const v of values) if (equals(v, node.value)) return false;
        return true;
      }
      for (const v of values) if (compareSignal(v, node.op, node.value, node.pattern)) return true;
      return false;
    }
    case 'trait':
      return false;
  }
}

/** A profile's realization count per trait (a `Map` will do). */
export interface TraitCounts {
  get(traitId: number): number | undefined;
}

/** Evaluates a segment rule over the profile's realization count per trait. */
export function evaluateSegmentRule(node: RuleNode, counts: TraitCounts): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateSegmentRule(node.left, counts) && evaluateSegmentRule(node.right, counts);
    case 'or':
      return evaluateSegmentRule(node.left, counts) || evaluateSegmentRule(node.right, counts);
    case 'not':
      return !evaluateSegmentRule(node.operand, counts);
    case 'trait':
      return compareNumbers(counts.get(node.id) ?? 0, node.op, node.count);
    case 'signal':
      return false;
  }
}

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

function toNumber(value: string | number): number | null {
  if (typeof value === 'number') return value;
  // Most values are words: one look at the last character rules them out, before the regex.
  const last = value.charCodeAt(value.length - 1);
  if ((last < 48 || last > 57) && !/\s/.test(value.charAt(value.length - 1))) return null;
  return NUMBER.test(value) ? Number(value) : null;
}

function equals(actual: string, expected: string | number): boolean {
  const a = toNumber(actual);
  return typeof expected === 'number' && a !== null ? a === expected : actual === String(expected);
}

function compareSignal(actual: string, op: Operator, expected: string | number, pattern?: SignalPattern): boolean {
  switch (op) {
    case '==':
      return equals(actual, expected);
    case 'contains':
      return actual.includes(String(expected));
    case 'startswith':
      return actual.startsWith(String(expected));
    case 'endswith':
      return actual.endsWith(String(expected));
    case 'matches':
      return pattern !== undefined && pattern.test(actual);
    default: {
      const a = toNumber(actual);
      return a !== null && typeof expected === 'number' && compareNumbers(a, op, expected);
    }
  }
}

function compareNumbers(a: number, op: Operator, b: number): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return false;
  }
}
