// Listeners on the host page's targets through EventTarget's own methods, captured when the
// tag starts: a page may replace `window.addEventListener` or clobber a document's with a
// named element, and the tag's page-hide and route watches must still be heard.
import { apply, taken } from '@audience-relay/protocol';

const LISTEN = typeof EventTarget === 'function' ? EventTarget.prototype.addEventListener : undefined;
const UNLISTEN = typeof EventTarget === 'function' ? EventTarget.prototype.removeEventListener : undefined;
const NativeObserver = /* @__PURE__ */ taken(() => MutationObserver);

// `document.open()` erases every listener of the document and of its window (HTML: "erase all
// event listeners and handlers"), which outlive it with the tag: the withdrawal heard from
// another tab (`storage`), the page-hide flush, restores, route changes, the CMP's answers went
// deaf (outside review attack17). It empties the document, which an observer of the document's
// children sees: every listener on a window or a document is then added again (a listener
// still there is not added twice; one removed since is not, and leaves the record).
const kept: Array<() => void> = [];

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
  let live = true;
  const add = (): void => void (live && call(LISTEN, 'addEventListener'));
  add();
  // A window, or a document (it has no owner document).
  if ((target as Window).document || (target as Node).ownerDocument === null) {
    try {
      if (!kept.length) new NativeObserver!(() => {
          for (let i = 0; i < kept.length; i++) kept[i]!();
        }).observe(document, { childList: true });
    } catch {
      // No observer (or no DOM): a rewritten page stays deaf, as before.
    }
    kept[kept.length] = add;
  }
  return () => {
    live = false;
    call(UNLISTEN, 'removeEventListener');
    // Out of the record too: a frame mounted again listens anew, and a long session must not keep
    // each removed listener (no array method: the page's may be patched).
    let j = 0;
    for (let i = 0; i < kept.length; i++) if (kept[i] !== add) kept[j++] = kept[i]!;
    kept.length = j;
  };
}
