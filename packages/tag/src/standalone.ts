import { hasOwn } from '@audience-relay/protocol';
// The CDN build (dist/audience-relay.js), loaded by the snippet.
import { createCommandRunner, type CommandRunner } from './commands';
import { createOnPage } from './create';
import { installGlobal } from './install-global';
import { loadBundle, type BundleSource } from './bundle-loader';
import { DEBUG_KEY } from './debug/key';
import { currentScriptOf } from './dom';
import { lazyOutputs } from './outputs/lazy';
import { shareIntrinsics } from './share-intrinsics';
import { SPECIES_TAKEN, speciesTaken } from './species';
import type { DebugTools } from './types';

/** The on-demand bundles' content hashes, set by the build (esbuild.config.mjs). */
declare const __OUTPUTS_VERSION__: string;
declare const __DEBUG_VERSION__: string;
/** Their Subresource Integrity hashes (sha384), set by the build: the tag loads them pinned. */
declare const __OUTPUTS_INTEGRITY__: string;
declare const __DEBUG_INTEGRITY__: string;

function start(script: HTMLScriptElement | null, snippet: unknown): CommandRunner {
  // The on-demand bundles (outputs, debug tools) sit next to this file, and load with the
  // snippet's nonce and its Trusted Types policy (snippet-tt's `p`), so a strict CSP allows them too.
  const policy = typeof snippet === 'function' && hasOwn(snippet, 'p') ? (snippet as { p?: BundleSource['policy'] }).p : undefined;
  const source = (file: string, integrity: string): BundleSource => ({
    // Beside this file, resolved without `URL` (a page may have made it a getter that throws).
    src: (script?.src || location.href).replace(/[?#].*/, '').replace(/[^/]*$/, '') + file,
    integrity,
    nonce: script?.nonce ?? '',
    policy,
  });
  const outputs = source(`audience-relay-outputs.js?v=${__OUTPUTS_VERSION__}`, __OUTPUTS_INTEGRITY__);
  const debug = source(`audience-relay-debug.js?v=${__DEBUG_VERSION__}`, __DEBUG_INTEGRITY__);
  const debugTools = (): Promise<DebugTools> => loadBundle<DebugTools>(window, debug, DEBUG_KEY, 5e3);
  return createCommandRunner((config, landing) => createOnPage(config, (normalized) => lazyOutputs(window, normalized, outputs), { debugTools, landing }), debugTools);
}

// If starting throws (a patched intrinsic the tag needs, a bug of ours), the tag does not
// install itself: the snippet, still in place, then settles every queued and later call when
// this script's load event comes (`ready` blocked, TAG_BLOCKED; the rest rejected). The
// console says why, and no exception reaches the page. (The build puts the whole script in
// such a try too, for the module lines that run before these: esbuild.config.mjs.)
try {
  const script = currentScriptOf(document);
  const name = script?.getAttribute('data-global') || 'audienceRelay';
  // The snippet's function, from the script element it made (the global may be a page's
  // wrapper around it by now), else the global.
  const snippet = (script && Object.getOwnPropertyDescriptor(script, 'f')?.value) ?? Object.getOwnPropertyDescriptor(window, name)?.value;
  // Fail closed, saying why: the snippet then settles every call (below).
  if (speciesTaken()) throw new Error(SPECIES_TAKEN);
  shareIntrinsics(window);
  installGlobal(window, name, start(script, snippet), snippet);
} catch (error) {
  console.error('[audience-relay] the tag failed to start:', error);
}
