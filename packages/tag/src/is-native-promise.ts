// Taken at start, as platform.ts's built-ins (a file of its own: only the command runner needs it).
const { getPrototypeOf } = Object;
// The page's `Promise.prototype` (what `NativePromise` makes: zone.js's, where it came first) and
// the engine's own, which async functions and `then` chains make whatever the global is.
const pageProto: object = Promise.prototype;
const engineProto = getPrototypeOf((async () => {})()) as object;

/**
 * A promise of ours (made by `NativePromise` or an async function): told by its prototype, not
 * by `instanceof`, which asks `Promise[Symbol.hasInstance]`, a property a page may define.
 */
export function isNativePromise(value: unknown): value is Promise<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  // No array method: the page may have replaced them since start.
  const proto = getPrototypeOf(value) as object;
  return proto === pageProto || proto === engineProto;
}
