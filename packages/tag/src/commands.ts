import { apply, hasOwn, inert, keys, NativePromise, RelayError, stopTimer } from '@audience-relay/protocol';
import { isNativePromise } from './is-native-promise';
import { CALL_TIMEOUT_MS } from './debug/stream';
import { FULL, inputError } from './errors';
import { reportError, safely } from './safely';
import { debugAsked } from './debug/key';
import { checkListener, checkPageView, checkReadyOptions, pageUrl } from './api-checks';
import { noSegments } from './no-segments';
import { later } from './platform';
import { normalizeDeclaredIds, normalizeSignals, normalizeTraitIds } from './signals';
import type { AudienceRelay, AudienceRelayConfig, DebugTools } from './types';

/**
 * The command function behind the page's global (`audienceRelay('signals', …)`). `route`: the
 * page URL a call the snippet queued was made on, told before that call is replayed.
 */
export type CommandRunner = ((...call: unknown[]) => Promise<unknown>) & { route?: (url: string, command: unknown) => void };

/** Every command but `config`: the relay's methods, by name. */
type Method = Exclude<keyof AudienceRelay, 'config'>;

const none = (): unknown[] => [];

/**
 * The command table, typed from the public API (a method added to `AudienceRelay` and not
 * here fails the type check): each command's input check, for commands made before
 * `config`. It returns the arguments to run the command with once configured: for values,
 * the checked copy taken at the call, so a page that changes its object afterwards (or
 * whose getters answer differently the second time) changes nothing that was given. Once
 * configured, the relay's own method is the one check.
 */
const CHECKS: { [K in Method]: (...args: unknown[]) => unknown[] } = {
  signals: (input) => [normalizeSignals(input)],
  traits: (input) => [normalizeTraitIds(input)],
  // A copy of each ID's own fields (the relay checks them again when it runs).
  ids: (input) => (normalizeDeclaredIds(input), [(Array.isArray(input) ? input : [input]).map((id: object) => ({ ...id }))]),
  pageView: (input) => {
    const url = checkPageView(input);
    return url === undefined ? [] : [{ url }];
  },
  on: listenerArgs,
  off: listenerArgs,
  // (Its own path in the runner: one deadline, from when the page made the call.)
  ready: none,
  optOut: none,
  snapshot: none,
  diagnose: none,
  debug: none,
  getSegments: none,
  destroy: none,
};

function listenerArgs(...args: unknown[]): unknown[] {
  checkListener(args[0], args[1]);
  return args;
}

/**
 * Turns commands into calls on one relay. Input is checked when the command is made, so
 * bad input is rejected at once, with its call, and never queued. Commands made before
 * `config` are queued and run in order once it comes; their promises settle at once
 * (`ready` by its deadline: one timer, handed over to the relay's `ready` with what is left
 * of it), so nothing hangs if `config` never comes.
 */
export function createCommandRunner(create: (config: AudienceRelayConfig, landing?: string) => AudienceRelay, debugTools?: () => Promise<DebugTools>): CommandRunner {
  let relay: AudienceRelay | null = null;
  // The relay was destroyed: a `config` after it starts a new one (React's StrictMode mounts,
  // unmounts and mounts again; micro-frontends per route); until then, calls reach the
  // destroyed relay and say so (DESTROYED).
  let destroyed = false;
  // Why the last `config` was refused (its error's message, "invalid config: …"): until one
  // is taken, `ready` and `diagnose` give it, rather than ask for a config the page has.
  let refused = '';
  // That config, for the debug tools to explain with their full texts.
  let refusedConfig: unknown;
  const waiting: Array<(relay: AudienceRelay) => unknown> = [];
  // The page URL of the last call the snippet queued that was replayed (a config's: the landing URL).
  let routed: string | null = null;

  // An async function: what it returns or throws settles the call's promise without a look-up
  // of `Promise.resolve` or `reject`, which a page may have deleted or replaced.
  const runner: CommandRunner = async (name, ...args) => {
    if (name === 'config') {
      if (relay && !destroyed) throw inputError('config', ['this page is already configured']);
      let created: AudienceRelay;
      try {
        // A config the snippet queued carries the page's URL when it was made (install-global.ts).
        routed = typeof args[1] === 'string' ? pageUrl(args[1]) : null;
        created = create(args[0] as AudienceRelayConfig, typeof args[1] === 'string' ? args[1] : undefined);
        relay = created;
        destroyed = false;
      } catch (error) {
        refused = (error as Error).message;
        refusedConfig = args[0];
        // The panel asked for in the page URL opens on the refusal: a new user's first mistake.
        // Nothing it throws (no `location` outside a browser) replaces the refusal.
        safely(() => void (debugAsked() && runner('debug').then(undefined, reportError)));
        throw error;
      }
      // Each was checked when it was made; one that throws still must not stop the others.
      for (const run of waiting.splice(0)) safely(() => void run(created));
      return;
    }
    if (typeof name !== 'string' || !hasOwn(CHECKS, name)) {
      throw inputError('command', [`"${typeof name === 'string' ? name.slice(0, 100) : typeof name}"${FULL ? ` is not one of config, ${keys(CHECKS).join(', ')}` : ''}`]);
    }
    const method = name as Method;
    const call = (r: AudienceRelay, with_: unknown[]): unknown => {
      if (method === 'destroy') destroyed = true;
      return apply(r[method] as (...a: unknown[]) => unknown, r, with_);
    };
    if (method === 'ready') {
      // One deadline per call, from when the page made it (a `ready` the snippet queued
      // carries that time): handed to the relay with what is left of it.
      const given = checkReadyOptions(args[0]);
      const madeAt = typeof args[1] === 'number' ? args[1] : Date.now();
      // Within [1, timeoutMs]: a clock stepped back (or frozen by the page) must not stretch it.
      const left = (timeoutMs: number): number => {
        // Comparisons, not Math.min/max: the page may have replaced them since we started.
        const rest = timeoutMs - (Date.now() - madeAt);
        return rest < 1 ? 1 : rest > timeoutMs ? timeoutMs : rest;
      };
      // The CALL_TIMEOUT message names the deadline the page gave, not what was left of it.
      const ready = (r: AudienceRelay): Promise<unknown> => (r.ready as (o: object, named: number) => Promise<unknown>)({ timeoutMs: left(given ?? r.config.timeoutMs) }, given ?? r.config.timeoutMs);
      if (relay) return ready(relay);
      return new NativePromise((resolve) => {
        const timer = later(
          () => resolve(inert({ ...noSegments(), status: 'timeout', error: refused ? { code: 'BAD_REQUEST', message: refused } : { code: 'NOT_CONFIGURED', message: 'no config before the deadline' } })),
          left(given ?? 1000),
        );
        waiting.push((r) => {
          stopTimer(timer);
          return ready(r).then(resolve);
        });
      });
    }
    if (relay) {
      const answer = call(relay, args);
      // An object or list answer (getSegments, snapshot) settles the call without a look-up of
      // an inherited `then`; a promise answer (ready, optOut) is ours already.
      return isNativePromise(answer) || typeof answer !== 'object' || answer === null ? answer : inert(answer);
    }
    const checked = apply(CHECKS[method], undefined, args);
    const run = (r: AudienceRelay): unknown => call(r, checked);
    if (method === 'optOut') {
      // Settles when the relay's opt-out does, once `config` comes (a privacy page whose config
      // script comes later): never "done" before anything was done. No config within the
      // opt-out's own deadline: it rejects, and the opt-out still runs if `config` comes.
      return new NativePromise((resolve, reject) => {
        const timer = later(
          () => reject(new RelayError('CALL_TIMEOUT', `${refused || 'no config'} within ${CALL_TIMEOUT_MS} ms: the opt-out waits for a config`)),
          CALL_TIMEOUT_MS,
        );
        waiting.push((r) => {
          stopTimer(timer);
          return (run(r) as Promise<void>).then(resolve, reject);
        });
      });
    }
    // Inert, as every object answer (see above).
    if (method === 'getSegments') return inert([]);
    if (method === 'diagnose' || (method === 'debug' && refused)) {
      const message = refused || 'no config yet: call config first';
      // An object settles the call without a look-up of an inherited `then` (see above).
      const plain = inert({ ok: false, summary: message, reasons: [{ code: refused ? 'config-refused' : 'not-configured', message }] });
      // A refused config: the debug tools say what each field expects (the CDN tag's refusal
      // names the fields only), and `debug` opens the panel on it, settling once it is open.
      return refused && debugTools
        ? debugTools().then(
            (tools) => (tools.refused ? tools.refused(refusedConfig, refused, method === 'debug') : plain),
            (error: unknown) => {
              if (method === 'debug') throw error;
              return plain;
            },
          )
        : plain;
    }
    waiting.push(run);
  };
  // With `autoPageView`, a call the snippet queued on a route the page took before the tag came
  // goes with that route's page view, made here (no route watcher heard the route): not with
  // the landing page's. A page view the page queued there is that page view.
  runner.route = (href, name) => {
    const url = pageUrl(href);
    if (routed && url && url !== routed && name !== 'pageView' && relay?.config.autoPageView && !destroyed) relay.pageView({ url: href });
    routed = url;
  };
  return runner;
}
