import { NativePromise } from '@audience-relay/protocol';
import { FULL } from '../errors';
import type { DebugTools } from '../types';

/**
 * The debug tools, loaded once, when first asked for (`diagnose`, `debug`); a failed load is
 * tried again by the next call. Without `load` (a build with none) each call rejects.
 */
export function debugToolsLoader(load: (() => Promise<DebugTools>) | undefined): () => Promise<DebugTools> {
  let tools: Promise<DebugTools> | null = null;
  return () => {
    // The promise constructor taken at start: a page may have replaced `Promise.reject` since.
    tools ??= load?.() ?? new NativePromise<DebugTools>((_, reject) => reject(new Error(FULL ? '[audience-relay] no debug tools in this build' : 'DEBUG_TOOLS')));
    tools.then(undefined, () => (tools = null));
    return tools;
  };
}
