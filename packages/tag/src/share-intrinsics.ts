import { defineProperty } from '@audience-relay/protocol';
import { copy } from './platform';
import { INTRINSICS_KEY, type SharedIntrinsics } from './shared-intrinsics';

/** At start: leaves the tag's built-ins for its bundles (the first tag's stay: fixed, not writable). */
export function shareIntrinsics(win: Window): void {
  try {
    // A descriptor without a prototype (an inherited `get` or `set` would make it invalid).
    defineProperty(win, INTRINSICS_KEY, { __proto__: null, value: { get: Reflect.get, copy } satisfies SharedIntrinsics } as PropertyDescriptor);
  } catch {
    // Another tag on the page left its own: the same built-ins, taken earlier.
  }
}
