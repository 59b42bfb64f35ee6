/** Where the CDN tag finds an on-demand bundle: next to itself, with the snippet's nonce and Trusted Types policy. */
export interface BundleSource {
  src: string;
  nonce: string;
  /** The snippet's Trusted Types policy, when the page enforces Trusted Types. */
  policy?: { createScriptURL(url: string): unknown } | undefined;
}

/**
 * Loads an on-demand bundle (outputs, debug tools): a script that registers itself on the
 * window under `key`. Settles either way: with what it registered, or with an error when the
 * script cannot load or registers nothing.
 */
export function loadBundle<T>(win: Window, source: BundleSource, key: symbol): Promise<T> {
  const host = win as unknown as Record<symbol, T | undefined>;
  const registered = (): T | undefined => host[key];
  if (registered()) return Promise.resolve(registered()!);
  return new Promise((resolve, reject) => {
    const script = win.document.createElement('script');
    // A TrustedScriptURL where the page enforces Trusted Types; the DOM types take strings only.
    script.src = (source.policy ? source.policy.createScriptURL(source.src) : source.src) as string;
    // Async already: a script element made by script is.
    if (source.nonce) script.nonce = source.nonce;
    const failed = (): void => reject(new Error(`[audience-relay] ${source.src} did not load`));
    script.onload = () => (registered() ? resolve(registered()!) : failed());
    script.onerror = failed;
    (win.document.head ?? win.document.documentElement).appendChild(script);
  });
}
