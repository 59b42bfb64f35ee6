import { sharedIntrinsics } from './shared-intrinsics';

/**
 * Registers an on-demand bundle (outputs, debug tools) under `key`, by the URL of the script
 * running it: a tag takes only the bundle of the URL its own build names (with its integrity
 * hash; `bundle-loader.ts`), never one that another release of the tag on the page (a second
 * partner's) registered under the same key. `currentScript` from the prototype: a named
 * element can stand in for it on the document; read with the tag's `Reflect.get` (the bundle
 * evaluates after start).
 */
export function registerBundle(win: Window, key: symbol, bundle: unknown): void {
  const script = sharedIntrinsics(win).get((win as unknown as { Document: typeof Document }).Document.prototype, 'currentScript', win.document) as HTMLScriptElement | null;
  if (script?.src) ((win as unknown as Record<symbol, Record<string, unknown>>)[key] ??= {})[script.src] = bundle;
}
