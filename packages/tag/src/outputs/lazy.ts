import { keys, NativePromise } from '@audience-relay/protocol';
import type { CookieDestination } from '@audience-relay/protocol';
import type { Outputs } from '../services';
import type { NormalizedConfig, SegmentsEvent } from '../types';
import { loadBundle, type BundleSource } from '../bundle-loader';
import { reportError } from '../safely';
import { GPT_KEY } from './config';
import { gptOutput } from './gpt';
import { later } from '../platform';
import { owner } from '../registry';
import { writeCookieDestinations } from './cookies';

/** What the outputs bundle hands the tag, under a registered symbol on the window. */
export interface OutputsBundle {
  browserOutputs(win: Window, partner: string, rawOutputs: unknown): Outputs;
}
export const OUTPUTS_KEY = Symbol.for('audience-relay.outputs');

/**
 * The CDN tag's outputs: the bundle loads with the first segments (cached or fresh, so only
 * once consent allows) when the config has outputs; without them, the tag writes the DCS's
 * cookie destinations itself. Until it has run, the latest segments and cookies
 * wait here and are applied when it arrives. If it cannot load, the console says so; the
 * API and events keep working.
 */
export function lazyOutputs(win: Window, config: NormalizedConfig, source: BundleSource): Outputs {
  let outputs: Outputs | null = null;
  let loading = false;
  let latest: SegmentsEvent | null = null;
  // Every answer's cookie destinations, in order (segments: the latest only).
  const cookies: Array<readonly CookieDestination[]> = [];
  // GPT stays in the tag: on a repeat visit the cached segments must be in googletag.cmd
  // before GPT loads, which cannot wait for the bundle. The bundle validates the section and
  // takes over; until then, only a well-formed key is used.
  const gpt = (config.outputs as { gpt?: { key?: unknown; slots?: unknown } }).gpt;
  const key = gpt ? (gpt.key ?? 'aud') : null;
  const early = typeof key === 'string' && GPT_KEY.test(key) ? gptOutput(win, { key, slots: [] }) : null;

  // What `diagnose` names: the outputs config the bundle refused, or the bundle not loaded.
  let problem: string | null = null;
  const report = (error: unknown): void => {
    problem = String((error as Error)?.message ?? error);
    reportError(error);
  };
  let stopped = false;
  const ready = (bundle: OutputsBundle): void => {
    problem = null;
    // Destroyed while it loaded: nothing of this relay's is applied.
    if (stopped) return;
    try {
      outputs = bundle.browserOutputs(win, config.partner, config.outputs);
    } catch (error) {
      report(error);
      return;
    }
    for (const list of cookies.splice(0)) outputs.cookies(list);
    if (latest) outputs.segments(latest);
  };
  let tries = 0;
  // The first load, settled either way: `ready` waits on it (the page's auction must not go
  // before the segments are in Prebid's queue).
  let first: Promise<void> | null = null;
  let loaded = (): void => {};
  let tried = false;
  const load = (): void => {
    if (loading) return;
    loading = true;
    first ??= new NativePromise((resolve) => {
      loaded = () => {
        tried = true;
        resolve();
      };
    });
    // Inserting the script is a round trip to the browser: it waits for a task of its own, so
    // the segments reach `ready`'s callbacks first. What comes meanwhile waits here, in order.
    // A load that failed (a network blip, a CDN's 5xx) is tried again after 2 and 4 s, and
    // with every later update: the page's targeting does not end with one lost request.
    later(() =>
      loadBundle<OutputsBundle>(win, source, OUTPUTS_KEY)
        .then(ready, (error) => {
          report(error);
          loading = false;
          if (tries < 2) later(load, 2000 << tries++);
        })
        .then(loaded),
    );
  };

  return {
    segments(event) {
      // The early GPT command too, after the bundle took over: it may still wait in the page's
      // queue (GPT not loaded yet), and it runs after the bundle's, so it must hold these
      // segments, not the cached ones, nor those of before an opt-out.
      early?.(event.segments);
      if (outputs) return outputs.segments(event);
      latest = event;
      if (keys(config.outputs).length > 0) load();
    },
    cookies(list) {
      if (list.length === 0) return;
      if (outputs) return outputs.cookies(list);
      // A config without outputs never loads the bundle: the tag writes the DCS's cookie
      // destinations itself, as they come, with the bundle's limits (no accepted-names list,
      // which is an outputs option). Loading the bundle for them alone put a script's fetch and
      // evaluation between the DCS's answer and `ready` on every first visit (issue 18:
      // about 30 ms of time to fresh segments, and the bundle's own evaluation, 2-3 ms of the
      // page's script; the cookie writes cost the same either way; 858 B here).
      if (keys(config.outputs).length === 0) return writeCookieDestinations(win.document, list, () => win.localStorage, config.partner, (name) => owner(win, 'outputs.cookie.name', name) !== undefined);
      cookies.push(list);
      load();
    },
    // A refusal while the bundle loads: what waited for it is not written when it comes.
    forget: () => void cookies.splice(0),
    stop() {
      stopped = true;
      early?.stop();
      outputs?.stop?.();
    },
    // Consent is there: the bundle loads now, not once the first segments came, so a first
    // visit's fresh segments are applied as they come, before `ready`'s callbacks run.
    start: () => void (keys(config.outputs).length > 0 && load()),
    // Until the first load settled: one that failed, or whose config was refused, is no wait.
    pending: () => (outputs || tried ? null : first),
    problem: () => problem,
  };
}
