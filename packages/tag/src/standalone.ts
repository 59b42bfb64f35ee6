// The CDN build (dist/audience-relay.js), loaded by the snippet.
import { createCommandRunner } from './commands';
import { createOnPage } from './create';
import { installGlobal } from './install-global';
import { lazyOutputs, type BundleSource } from './outputs/lazy';

/** The outputs bundle's content hash, set by the build (esbuild.config.mjs). */
declare const __OUTPUTS_VERSION__: string;

const script = document.currentScript as HTMLScriptElement | null;
const name = script?.getAttribute('data-global') || 'audienceRelay';
// The outputs bundle sits next to this file, and loads with the snippet's nonce and its
// Trusted Types policy (`data-tt-policy`), so a strict CSP allows it too.
const snippet = (window as unknown as Record<string, unknown>)[name] as (Function & { p?: BundleSource['policy'] }) | undefined;
const source: BundleSource = {
  src: new URL(`audience-relay-outputs.js?v=${__OUTPUTS_VERSION__}`, script?.src || location.href).href,
  nonce: script?.nonce ?? '',
  policy: typeof snippet === 'function' && Object.hasOwn(snippet, 'p') ? snippet.p : undefined,
};
installGlobal(window, name, createCommandRunner((config) => createOnPage(config, (normalized) => lazyOutputs(window, normalized, source))));
