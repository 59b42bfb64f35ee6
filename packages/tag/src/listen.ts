// Listeners on the host page's targets through EventTarget's own methods, captured when the
// tag starts: a page may replace `window.addEventListener` or clobber a document's with a
// named element, and the tag's page-hide and route watches must still be heard.
import { apply } from '@audience-relay/protocol';

const LISTEN = typeof EventTarget === 'function' ? EventTarget.prototype.addEventListener : undefined;
const UNLISTEN = typeof EventTarget === 'function' ? EventTarget.prototype.removeEventListener : undefined;

/** `target.addEventListener`, through EventTarget's own method; returns the removal. */
export function listen(target: EventTarget | undefined, type: string, listener: (event: Event) => void): () => void {
  if (!target) return () => {};
  apply(LISTEN ?? target.addEventListener, target, [type, listener]);
  return () => apply(UNLISTEN ?? target.removeEventListener, target, [type, listener]);
}
