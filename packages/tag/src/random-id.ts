import { apply } from '@audience-relay/protocol';
// Taken at start, as platform.ts's built-ins (a file of its own: the on-demand bundles need none).
// In a try: a page may make `window.crypto` a getter that throws, and this runs while the tag
// evaluates, where an exception would kill the tag (hostile-platform-more.spec.ts).
const random = ((): ((words: Uint32Array) => Uint32Array) | null => {
  try {
    const c = crypto;
    const get = c.getRandomValues;
    return (words) => apply(get, c, [words]) as Uint32Array;
  } catch {
    return null;
  }
})();

/**
 * A random ID of letters and digits, from the platform's crypto: a page may seed or fix
 * `Math.random` (seedrandom, a screenshot test), which would repeat our IDs on every load, and
 * the frame takes a call ID it has seen in this tab for a resend. `Math.random` and the time
 * where there is no crypto.
 */
export function randomId(): string {
  try {
    const words = random!(new Uint32Array(2));
    return (words[0] as number).toString(36) + (words[1] as number).toString(36);
  } catch {
    return Math.random().toString(36).slice(2) + Date.now().toString(36);
  }
}
