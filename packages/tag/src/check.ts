import { hasOwn, keys } from '@audience-relay/protocol';
// The small checks config validation shares (the tag's config and the outputs section).
import { FULL } from './errors';

export function unknownKeys(problems: string[], prefix: string, value: Record<string, unknown>, known: string[]): void {
  for (const key of keys(value)) if (!known.includes(key)) problems.push(`unknown option "${prefix}${key}"`);
}

export function checkBoolean(problems: string[], name: string, value: unknown): void {
  if (typeof value !== 'boolean') problems.push(`${name}${FULL ? ': expected true or false' : ''}`);
}

export function checkMs(problems: string[], name: string, value: unknown, max: number, min = 1): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name}${FULL ? `: expected whole milliseconds from ${min} to ${max}` : ''}`);
  }
}

/**
 * `value[key]` when `value` holds it itself, else `fallback`. Option defaults are never read
 * through the prototype chain: a page that sets `Object.prototype.gpc = false` must not turn
 * Global Privacy Control off (destructuring defaults would read the inherited value).
 */
export function option(value: unknown, key: string, fallback?: unknown): unknown {
  const own = typeof value === 'object' && value !== null && hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  return own === undefined ? fallback : own;
}
