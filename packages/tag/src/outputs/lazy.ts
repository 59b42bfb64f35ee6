import type { CookieDestination } from '@audience-relay/protocol';
import type { NormalizedConfig } from '../config';
import type { Outputs, SegmentsEvent } from '../relay';
import { reportError } from '../safely';
import { GPT_KEY } from './config';
import { gptOutput } from './gpt';

/** What the outputs bundle hands the tag, under a registered symbol on the window. */
export interface OutputsBundle {
  browserOutputs(win: Window, partner: string, rawOutputs: unknown): Outputs;
}
export const OUTPUTS_KEY = Symbol.for('audience-relay.outputs');

/** Where the CDN tag finds the outputs bundle: next to itself, with the snippet's nonce. */
export interface BundleSource {
  src: string;
  nonce: string;
  /** The snippet's Trusted Types policy, when the page enforces Trusted Types. */
  policy?: { createScriptURL(url: string): unknown } | undefined;
}

/**
 * The CDN tag's outputs: the bundle loads with the first segments (cached or fresh, so only
 * once consent allows) when the config has outputs, or when the DCS first sends cookie
 * destinations. Until it has run, the latest segments and cookies
 * wait here and are applied when it arrives. If it cannot load, the console says so; the
 * API and events keep working.
 */
export function lazyOutputs(win: Window, config: NormalizedConfig, source: BundleSource): Outputs {
  let outputs: Outputs | null = null;
  let loading = false;
  let latest: SegmentsEvent | null = null;
  let cookies: readonly CookieDestination[] = [];
  // GPT stays in the tag: on a repeat visit the cached segments must be in googletag.cmd
  // before GPT loads, which cannot wait for the bundle. The bundle validates the section and
  // takes over; until then, only a well-formed key is used.
  const gpt = (config.outputs as { gpt?: { key?: unknown; slots?: unknown } }).gpt;
  const key = gpt ? (gpt.key ?? 'aud') : null;
  const early = typeof key === 'string' && GPT_KEY.test(key) ? gptOutput(win, { key, slots: [] }) : null;

  const ready = (bundle: OutputsBundle): void => {
    try {
      outputs = bundle.browserOutputs(win, config.partner, config.outputs);
    } catch (error) {
      reportError(error);
      return;
    }
    if (cookies.length > 0) outputs.cookies(cookies);
    if (latest) outputs.segments(latest);
  };
  const load = (): void => {
    if (loading) return;
    loading = true;
    const host = win as unknown as Record<symbol, OutputsBundle | undefined>;
    const loaded = host[OUTPUTS_KEY];
    if (loaded) return ready(loaded);
    const script = win.document.createElement('script');
    // A TrustedScriptURL where the page enforces Trusted Types; the DOM types take strings only.
    script.src = (source.policy ? source.policy.createScriptURL(source.src) : source.src) as string;
    script.async = true;
    if (source.nonce) script.nonce = source.nonce;
    script.onload = () => {
      const bundle = host[OUTPUTS_KEY];
      if (bundle) ready(bundle);
    };
    script.onerror = () => console.error(`[audience-relay] the outputs bundle did not load from ${source.src}`);
    (win.document.head ?? win.document.documentElement).appendChild(script);
  };

  return {
    segments(event) {
      if (outputs) return outputs.segments(event);
      latest = event;
      early?.(event.segments);
      if (Object.keys(config.outputs).length > 0) load();
    },
    cookies(list) {
      if (list.length === 0) return;
      if (outputs) return outputs.cookies(list);
      cookies = list;
      load();
    },
  };
}
