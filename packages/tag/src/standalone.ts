// The CDN build (dist/audience-relay.js), loaded by the snippet.
import { createCommandRunner } from './commands';
import { createOnPage } from './create';
import { installGlobal } from './install-global';
import { loadBundle, type BundleSource } from './bundle-loader';
import { DEBUG_KEY } from './debug/key';
import { currentScriptOf } from './dom';
import { lazyOutputs } from './outputs/lazy';
import type { DebugTools } from './types';

/** The on-demand bundles' content hashes, set by the build (esbuild.config.mjs). */
declare const __OUTPUTS_VERSION__: string;
declare const __DEBUG_VERSION__: string;
/** Their Subresource Integrity hashes (sha384), set by the build: the tag loads them pinned. */
declare const __OUTPUTS_INTEGRITY__: string;
declare const __DEBUG_INTEGRITY__: string;

const script = currentScriptOf(document);
const name = script?.getAttribute('data-global') || 'audienceRelay';
// The on-demand bundles (outputs, debug tools) sit next to this file, and load with the
// snippet's nonce and its Trusted Types policy (`data-tt-policy`), so a strict CSP allows them too.
const snippet = (window as unknown as Record<string, unknown>)[name] as (Function & { p?: BundleSource['policy'] }) | undefined;
const source = (file: string, integrity: string): BundleSource => ({
  src: new URL(file, script?.src || location.href).href,
  integrity,
  nonce: script?.nonce ?? '',
  policy: typeof snippet === 'function' && Object.hasOwn(snippet, 'p') ? snippet.p : undefined,
});
const outputs = source(`audience-relay-outputs.js?v=${__OUTPUTS_VERSION__}`, __OUTPUTS_INTEGRITY__);
const debug = source(`audience-relay-debug.js?v=${__DEBUG_VERSION__}`, __DEBUG_INTEGRITY__);
installGlobal(
  window,
  name,
  createCommandRunner((config) =>
    createOnPage(config, (normalized) => lazyOutputs(window, normalized, outputs), { debugTools: () => loadBundle<DebugTools>(window, debug, DEBUG_KEY) }),
  ),
);
