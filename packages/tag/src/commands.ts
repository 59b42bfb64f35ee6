import type { AudienceRelayConfig } from './config';
import { inputError } from './errors';
import { EMPTY, checkListener, checkPageView, type AudienceRelay, type ReadyOptions, type ReadyResult } from './relay';
import { normalizeDeclaredIds, normalizeSignals, normalizeTraitIds } from './signals';

/** The command function behind the page's global (`audienceRelay('signals', …)`). */
export type CommandRunner = (...call: unknown[]) => Promise<unknown>;

const NOT_CONFIGURED: ReadyResult = {
  ...EMPTY,
  status: 'timeout',
  error: { code: 'NOT_CONFIGURED', message: 'no config before the deadline' },
};

/** Each command's input check, run when the command is made (before config too). */
const CHECKS: Record<string, (...args: unknown[]) => unknown> = {
  signals: normalizeSignals,
  traits: normalizeTraitIds,
  ids: normalizeDeclaredIds,
  pageView: checkPageView,
  on: checkListener,
  off: checkListener,
  ready: () => {},
  optOut: () => {},
  snapshot: () => {},
  diagnose: () => {},
  debug: () => {},
  getSegments: () => {},
  destroy: () => {},
};

/**
 * Turns commands into calls on one relay. Input is checked when the command is made, so
 * bad input is rejected at once, with its call, and never queued. Commands made before
 * `config` are queued and run in order once it comes; their promises settle at once
 * (`ready` by its deadline), so nothing hangs if `config` never comes.
 */
export function createCommandRunner(create: (config: AudienceRelayConfig) => AudienceRelay): CommandRunner {
  let relay: AudienceRelay | null = null;
  const waiting: Array<(relay: AudienceRelay) => unknown> = [];

  return (name, ...args) => {
    try {
      if (name === 'config') {
        if (relay) throw inputError('config', ['this page is already configured']);
        const created = (relay = create(args[0] as AudienceRelayConfig));
        for (const run of waiting.splice(0)) run(created);
        return Promise.resolve();
      }
      const check = Object.hasOwn(CHECKS, name as PropertyKey) ? CHECKS[name as string] : undefined;
      if (!check) throw inputError('command', [`"${String(name)}" is not one of config, ${Object.keys(CHECKS).join(', ')}`]);
      check(...args);
      const run = (r: AudienceRelay): unknown => (r as unknown as Record<string, (...a: unknown[]) => unknown>)[name as string]!(...args);
      if (relay) return Promise.resolve(run(relay));
      if (name === 'getSegments') return Promise.resolve([]);
      if (name === 'diagnose') {
        const message = 'no config yet: call config first';
        return Promise.resolve({ ok: false, summary: message, reasons: [{ code: 'not-configured', message }] });
      }
      if (name === 'ready') {
        return new Promise((resolve) => {
          setTimeout(resolve, (args[0] as ReadyOptions | undefined)?.timeoutMs ?? 1000, { ...NOT_CONFIGURED });
          waiting.push((r) => (run(r) as Promise<ReadyResult>).then(resolve));
        });
      }
      waiting.push(run);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
