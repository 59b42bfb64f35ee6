// Taken at start, as platform.ts's built-ins (a file of its own: only the command runner needs it).
const { getPrototypeOf } = Object;
const promiseProto = Promise.prototype;

/**
 * A promise of ours (made by `NativePromise` or an async function): told by its prototype, not
 * by `instanceof`, which asks `Promise[Symbol.hasInstance]`, a property a page may define.
 */
export const isNativePromise = (value: unknown): value is Promise<unknown> => typeof value === 'object' && value !== null && getPrototypeOf(value) === promiseProto;
