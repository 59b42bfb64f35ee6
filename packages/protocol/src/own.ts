import { defineProperty, hasOwn } from './intrinsics';

/**
 * Reads a property only when the object itself holds it. The host page may have polluted
 * `Object.prototype`; an inherited `version` or `type` must never pass a guard.
 */
export function own(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `value`, with an own `then` that is not a function, so a promise resolved with it never
 * looks `then` up the prototype chain: a page that put a `then` (or a throwing getter) on
 * `Object.prototype` would otherwise take over or break every promise we settle with an object.
 */
export function inert<T extends object>(value: T): T {
  // A descriptor without a prototype: `defineProperty` reads `get` and `set` through the chain,
  // and a page's `Object.prototype.get` would make it "both a value and an accessor" (a TypeError).
  return defineProperty(value, 'then', { __proto__: null, value: undefined } as PropertyDescriptor);
}
