// The built-ins our code calls after it started, taken once, when it evaluates. The host page
// may replace them later (a library loaded after us, a polyfill, a hostile script): a lying
// `Object.keys` would drop a page's signals, a throwing `Object.defineProperty` would stop a
// call from settling, a throwing `Function.prototype.call` would break every DOM read. What we
// took stays ours. (What the page replaced before we started is the page's: no script can
// reach past it.) Call through `apply` rather than a function's own `call`.
export const { keys, entries, hasOwn, defineProperty } = Object;
export const { apply } = Reflect;
/** The promise constructor: `new Promise` looks the global up at each call, and a page may replace it. */
export const NativePromise = Promise;

/**
 * A global function as the page has it now (`taken(() => URL)`), or undefined: read in a try,
 * for a page may have made the global a getter that throws, and this runs while our code
 * evaluates, where an exception would kill it (e2e hostile-global-getters.spec.ts).
 */
export function taken<T>(read: () => T): T | undefined {
  try {
    const value = read();
    return typeof value === 'function' ? value : undefined;
  } catch {
    return undefined;
  }
}

const startClear = /* @__PURE__ */ taken(() => clearTimeout);

/**
 * `clearTimeout(timer)` as the page has it now (test fake timers replace it after we start), else
 * as it was at start: a page may replace it later by one that throws, which would leave a call
 * half-settled (the messenger's answer lost, an opt-out never resolved, `destroy` thrown).
 */
export function stopTimer(timer: ReturnType<typeof setTimeout> | undefined): void {
  try {
    clearTimeout(timer);
  } catch {
    try {
      startClear?.(timer);
    } catch {
      // Left to run out: each of our timers finds its work done.
    }
  }
}
