import { log } from './safely';

/** A relay's life: configured, started (its consent gate opened and its frame mounted), destroyed. */
export interface Lifecycle {
  readonly started: boolean;
  readonly destroyed: boolean;
  /** Marks it started; false if it was already. */
  start(): boolean;
  /** Not started after all (consent withdrawn, or before the frame was mounted): a later grant starts again. */
  unstart(): void;
  /** Marks it destroyed; false if it was already. */
  destroy(): boolean;
  /** A call on a destroyed relay (an app holding the old one after a remount): dropped, and said once on the console. */
  dropped(): void;
}

export function createLifecycle(): Lifecycle {
  let started = false;
  let destroyed = false;
  let warned = false;
  return {
    get started() {
      return started;
    },
    get destroyed() {
      return destroyed;
    },
    start: () => !started && (started = true),
    unstart: () => void (started = false),
    destroy: () => !destroyed && (destroyed = true),
    dropped() {
      if (!warned) log('[audience-relay] a call after destroy() is dropped');
      warned = true;
    },
  };
}
