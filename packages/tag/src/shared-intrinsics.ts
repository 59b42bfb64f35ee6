// The built-ins the on-demand bundles (outputs, debug tools) need, as the tag took them at
// start. A bundle evaluates later (the outputs at consent, the debug tools on demand), when
// the page may have deleted or replaced them (`delete window.structuredClone`, a throwing
// `Reflect.get`): it takes the tag's, left on the window, and the page's only where no tag did.

export interface SharedIntrinsics {
  get: typeof Reflect.get;
  copy: <T>(value: T) => T;
}

/** Where the tag leaves them on the window (`share-intrinsics.ts`). */
export const INTRINSICS_KEY = Symbol.for('audience-relay.intrinsics');

/** In a bundle: the tag's built-ins, else the page's as they are (the npm build, tests). */
export function sharedIntrinsics(win: Window): SharedIntrinsics {
  return (win as unknown as Record<symbol, SharedIntrinsics | undefined>)[INTRINSICS_KEY] ?? { get: Reflect.get, copy: structuredClone };
}
