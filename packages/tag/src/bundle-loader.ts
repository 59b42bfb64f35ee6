import { inert, NativePromise, own, stopTimer } from '@audience-relay/protocol';
import { createElementIn } from './dom';
import { safely } from './safely';

// Taken at start: a bundle is loaded later, when the page may have replaced `Reflect.get`, or
// `Error` (an error monitor's wrapper gone wrong that throws).
const { get } = Reflect;
const NativeError = Error;

/** Where the CDN tag finds an on-demand bundle: next to itself, with the snippet's nonce and Trusted Types policy. */
export interface BundleSource {
  src: string;
  nonce: string;
  /** The bundle's Subresource Integrity hash (`sha384-…`), built into the tag; empty: not checked. */
  integrity?: string | undefined;
  /** The snippet's Trusted Types policy, when the page enforces Trusted Types. */
  policy?: { createScriptURL(url: string): unknown } | undefined;
}

/**
 * Loads an on-demand bundle (outputs, debug tools): a script that registers itself on the
 * window under `key` and its URL (`register-bundle.ts`). Settles either way: with what it
 * registered, or with an error when the script cannot load (blocked, or its integrity check
 * failed), registers nothing, or has not loaded by `timeoutMs` (when given).
 */
export function loadBundle<T>(win: Window, source: BundleSource, key: symbol, timeoutMs?: number): Promise<T> {
  const host = win as unknown as Record<symbol, unknown>;
  const registered = (): T | undefined => own(host[key], source.src) as T | undefined;
  return new NativePromise((resolve, reject) => {
    // Inert: a bundle is an object (or a function), whose `then` a page that polluted
    // Object.prototype would own, and the promise would follow it.
    const found = (): void => resolve(inert(registered() as T & object));
    if (registered()) return found();
    // From the prototype: `document.createElement` and `document.head` can be named elements.
    const doc = win.document;
    const proto = (win as unknown as { Document: typeof Document }).Document.prototype;
    const script = createElementIn(doc, 'script');
    // A TrustedScriptURL where the page enforces Trusted Types; the DOM types take strings only.
    script.src = (source.policy ? source.policy.createScriptURL(source.src) : source.src) as string;
    // Async already: a script element made by script is.
    if (source.nonce) script.nonce = source.nonce;
    // CORS without credentials: no cookie of the DCS's site goes with it; SRI needs this mode.
    script.crossOrigin = 'anonymous';
    // The page's origin only, as for the tag and the frame (snippet.js, mount-frame.ts).
    script.referrerPolicy = 'strict-origin';
    if (source.integrity) script.integrity = source.integrity;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    // Each of these runs on its own (an event, a timer): nothing it throws reaches the page.
    const failed = (): void => safely(() => reject(new NativeError(`[audience-relay] ${source.src} did not load (blocked, or its integrity check failed)`)));
    script.onload = () =>
      safely(() => {
        stopTimer(deadline);
        if (registered()) found();
        else failed();
      });
    script.onerror = () =>
      safely(() => {
        stopTimer(deadline);
        failed();
      });
    // A request the network stalls (a proxy, a captive portal) fires neither for minutes: a
    // public call waiting on it (diagnose, debug) gives up at `timeoutMs` instead (a later
    // load, if it comes, registers the bundle for the next call).
    if (timeoutMs) deadline = setTimeout(failed, timeoutMs);
    ((get(proto, 'head', doc) as HTMLHeadElement | null) ?? (get(proto, 'documentElement', doc) as HTMLElement)).appendChild(script);
  });
}
