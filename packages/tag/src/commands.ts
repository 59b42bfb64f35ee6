import type { AudienceRelayConfig } from './config.ts';
import { AudienceRelayInputError } from './errors.ts';
import type { AudienceRelay, ReadyOptions, ReadyResult, SegmentsListener } from './relay.ts';
import { normalizeSignals, normalizeTraitIds } from './signals.ts';

/** The command function behind the page's global (`audienceRelay('signals', …)`). */
export type CommandRunner = (...call: unknown[]) => Promise<unknown>;

const NOT_CONFIGURED: ReadyResult = {
  status: 'timeout',
  segments: [],
  traits: [],
  uuid: null,
  error: { code: 'NOT_CONFIGURED', message: "audienceRelay('config', …) was not called before the deadline" },
};

/**
 * Turns commands into calls on one relay. Commands that arrive before `config` wait for it
 * (in order); input is validated when the command is made, so bad input is reported at
 * once, with its call, and never reaches the queue.
 */
export function createCommandRunner(create: (config: AudienceRelayConfig) => AudienceRelay): CommandRunner {
  let relay: AudienceRelay | null = null;
  let waiting: Array<(relay: AudienceRelay) => void> = [];

  function later<T>(use: (relay: AudienceRelay) => T): Promise<T> {
    if (relay) return Promise.resolve(use(relay));
    return new Promise((resolve) => waiting.push((r) => resolve(use(r))));
  }

  const commands: Record<string, (...args: unknown[]) => Promise<unknown>> = {
    config(config) {
      if (relay) throw new AudienceRelayInputError('config', ['this page is already configured']);
      relay = create(config as AudienceRelayConfig);
      const ready = relay;
      for (const run of waiting) run(ready);
      waiting = [];
      return Promise.resolve();
    },
    signals(signals) {
      normalizeSignals(signals);
      return later((r) => r.signals(signals as never));
    },
    traits(ids) {
      normalizeTraitIds(ids);
      return later((r) => r.traits(ids as never));
    },
    ready(options) {
      const opts = (options ?? {}) as ReadyOptions;
      if (relay) return relay.ready(opts);
      // No relay yet: the deadline still runs from now, config or not.
      const timeoutMs = typeof opts.timeoutMs === 'number' ? opts.timeoutMs : 1000;
      const started = Date.now();
      return new Promise<ReadyResult>((resolve) => {
        let settled = false;
        const timer = setTimeout(() => {
          settled = true;
          resolve({ ...NOT_CONFIGURED });
        }, timeoutMs);
        waiting.push((r) => {
          if (settled) return;
          clearTimeout(timer);
          resolve(r.ready({ ...opts, timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)) }));
        });
      });
    },
    on(event, listener) {
      checkListener(event, listener);
      return later((r) => {
        r.on('segments', listener as SegmentsListener);
      });
    },
    off(event, listener) {
      checkListener(event, listener);
      return later((r) => r.off('segments', listener as SegmentsListener));
    },
    getSegments() {
      return Promise.resolve(relay ? relay.getSegments() : []);
    },
    destroy() {
      relay?.destroy();
      return Promise.resolve();
    },
  };

  return (name, ...args) => {
    try {
      const command = typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
      if (!command) {
        throw new AudienceRelayInputError('command', [`"${String(name)}" is not one of ${Object.keys(commands).join(', ')}`]);
      }
      return command(...args);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

function checkListener(event: unknown, listener: unknown): void {
  if (event !== 'segments' || typeof listener !== 'function') {
    throw new AudienceRelayInputError('listener', ['expected on/off("segments", function)']);
  }
}
