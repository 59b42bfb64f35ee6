import { own } from '@audience-relay/protocol';
import { FULL, inputError } from './errors';
import { safely } from './safely';
import { EMPTY, checkListener, checkPageView, checkReadyOptions } from './relay';
import { normalizeDeclaredIds, normalizeSignals, normalizeTraitIds } from './signals';
import type { AudienceRelay, AudienceRelayConfig, ReadyResult } from './types';

/** The command function behind the page's global (`audienceRelay('signals', …)`). */
export type CommandRunner = (...call: unknown[]) => Promise<unknown>;

/** Every command but `config`: the relay's methods, by name. */
type Method = Exclude<keyof AudienceRelay, 'config'>;

const NOT_CONFIGURED: ReadyResult = {
  ...EMPTY,
  status: 'timeout',
  error: { code: 'NOT_CONFIGURED', message: 'no config before the deadline' },
};
const none = (): void => {};

/**
 * The command table, typed from the public API (a method added to `AudienceRelay` and not
 * here fails the type check): each command's input check, for commands made before
 * `config`. Once configured, the relay's own method is the one check.
 */
const CHECKS: { [K in Method]: (...args: unknown[]) => unknown } = {
  signals: normalizeSignals,
  traits: normalizeTraitIds,
  ids: normalizeDeclaredIds,
  pageView: checkPageView,
  on: checkListener,
  off: checkListener,
  ready: checkReadyOptions,
  optOut: none,
  snapshot: none,
  diagnose: none,
  debug: none,
  getSegments: none,
  destroy: none,
};

/**
 * Turns commands into calls on one relay. Input is checked when the command is made, so
 * bad input is rejected at once, with its call, and never queued. Commands made before
 * `config` are queued and run in order once it comes; their promises settle at once
 * (`ready` by its deadline: one timer, handed over to the relay's `ready` with what is left
 * of it), so nothing hangs if `config` never comes.
 */
export function createCommandRunner(create: (config: AudienceRelayConfig) => AudienceRelay): CommandRunner {
  let relay: AudienceRelay | null = null;
  const waiting: Array<(relay: AudienceRelay) => unknown> = [];

  return (name, ...args) => {
    try {
      if (name === 'config') {
        if (relay) throw inputError('config', ['this page is already configured']);
        const created = (relay = create(args[0] as AudienceRelayConfig));
        // Each was checked when it was made; one that throws still must not stop the others.
        for (const run of waiting.splice(0)) safely(() => void run(created));
        return Promise.resolve();
      }
      if (typeof name !== 'string' || !Object.hasOwn(CHECKS, name)) {
        throw inputError('command', [`"${String(name).slice(0, 100)}"${FULL ? ` is not one of config, ${Object.keys(CHECKS).join(', ')}` : ''}`]);
      }
      const method = name as Method;
      const run = (r: AudienceRelay): unknown => (r[method] as (...a: unknown[]) => unknown)(...args);
      if (relay) return Promise.resolve(run(relay));
      CHECKS[method](...args);
      if (method === 'getSegments') return Promise.resolve([]);
      if (method === 'diagnose') {
        const message = 'no config yet: call config first';
        return Promise.resolve({ ok: false, summary: message, reasons: [{ code: 'not-configured', message }] });
      }
      if (method === 'ready') {
        const given = own(args[0], 'timeoutMs') as number | undefined;
        const start = Date.now();
        return new Promise((resolve) => {
          const timer = setTimeout(resolve, given ?? 1000, { ...NOT_CONFIGURED });
          waiting.push((r) => {
            clearTimeout(timer);
            const left = Math.max(1, (given ?? r.config.timeoutMs) - (Date.now() - start));
            return r.ready({ timeoutMs: left }).then(resolve);
          });
        });
      }
      waiting.push(run);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
