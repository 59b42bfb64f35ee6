import { apply } from '@audience-relay/protocol';

const { error: consoleError } = console;

/**
 * Logs with the page's `console.error` as it is now (an error monitor that wraps it, as
 * Sentry's does, hears us); never throws. A page may have replaced it with one that throws (a
 * test set-up that fails on any console error, a broken logging wrapper): a report that threw
 * would carry the very error it reports out of `safely`, into the page, skipping what came
 * after it. Then the console as it was at start says it.
 */
export function log(...args: unknown[]): void {
  try {
    apply(console.error, console, args);
  } catch {
    try {
      apply(consoleError, console, args);
    } catch {
      // Nowhere left to say it.
    }
  }
}

/**
 * Runs a publisher's callback, an ad library call, or a listener or timer of ours on the host
 * page (whose built-ins may be patched or missing); if it throws, logs and carries on:
 * nothing reaches the page.
 */
export function safely(run: () => void): void {
  try {
    run();
  } catch (error) {
    log('[audience-relay]', error);
  }
}

/** How a rejected command or a config problem found later reaches the publisher: the console. */
export function reportError(error: unknown): void {
  log(error instanceof Error ? error.message : error);
}
