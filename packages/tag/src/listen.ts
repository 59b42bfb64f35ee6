// Listeners on the host page's targets through EventTarget's own methods, captured when the
// tag starts: a page may replace `window.addEventListener` or clobber a document's with a
// named element, and the tag's page-hide and route watches must still be heard.
import { apply } from '@audience-relay/protocol';

const LISTEN = typeof EventTarget === 'function' ? EventTarget.prototype.addEventListener : undefined;
const UNLISTEN = typeof EventTarget === 'function' ? EventTarget.prototype.removeEventListener : undefined;

/** `target.addEventListener`, through EventTarget's own method; returns the removal. */
export function listen(target: EventTarget | undefined, type: string, listener: (event: Event) => void): () => void {
  if (!target) return () => {};
  const call = (native: typeof LISTEN, own: 'addEventListener' | 'removeEventListener'): void => {
    try {
      apply(native ?? target[own], target, [type, listener]);
    } catch {
      // A target the DOM's EventTarget refuses: a unit-test DOM's window (Vitest's happy-dom or
      // jsdom environment) is Node's global with the DOM's properties copied on. Its own method.
      apply(target[own], target, [type, listener]);
    }
  };
  call(LISTEN, 'addEventListener');
  return () => call(UNLISTEN, 'removeEventListener');
}
