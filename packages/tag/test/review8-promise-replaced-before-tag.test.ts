// review8: is-native-promise.ts tells "a promise of ours" by `Promise.prototype`, read from the
// page's global when the tag evaluates. The relay's promise answers (optOut, diagnose, debug)
// come from async functions and `.then` chains: always the engine's own %Promise%, whatever the
// global is. A page whose `window.Promise` was replaced BEFORE the tag started (zone.js in an
// Angular app's polyfills, run before the async tag: the order of async vs deferred/module
// scripts is a race; core-js where it judges the native one incomplete) has another prototype
// there: the runner takes the relay's own promise for a plain object and makes it inert (own
// `then: undefined`), and the page's call resolves at once with that dead promise instead of
// its value. (hostile-promise-polyfill.spec.ts covers only a polyfill loaded after the tag.)
import { afterEach, describe, expect, it, vi } from 'vitest';

const Native = Promise;
afterEach(() => {
  globalThis.Promise = Native;
  vi.resetModules();
});

/** What zone.js does, in short: a constructor of its own that wraps the native one. */
function zoneLike(): PromiseConstructor {
  function ZoneAwarePromise(this: unknown, executor: ConstructorParameters<PromiseConstructor>[0]) {
    return Reflect.construct(Native, [executor], ZoneAwarePromise);
  }
  ZoneAwarePromise.prototype = Object.create(Native.prototype, { constructor: { value: ZoneAwarePromise } });
  Object.setPrototypeOf(ZoneAwarePromise, Native);
  return ZoneAwarePromise as unknown as PromiseConstructor;
}

describe('review8: a Promise replaced before the tag evaluated', () => {
  // Fixed (session i) in packages/tag/src/is-native-promise.ts: take the intrinsic prototype (Object.getPrototypeOf((async () => {})())), not the global's; expected: optOut() resolves undefined
  it("optOut()'s answer is the relay's value, not its own promise made inert", async () => {
    vi.resetModules();
    globalThis.Promise = zoneLike();
    // The tag evaluates now, with the page's Promise in place.
    const { createCommandRunner } = await import('../src/commands');
    globalThis.Promise = Native;
    let optedOut = false;
    const relay = {
      // An async method, as the relay's: its promise is the engine's own.
      async optOut() {
        optedOut = true;
      },
    };
    const run = createCommandRunner(() => relay as never);
    await run('config', { partner: 'acme', dcs: 'https://acme.dcs.example' });
    const answer = await run('optOut');
    expect(optedOut).toBe(true);
    expect(answer).toBeUndefined();
  });
});
