import { inert, NativePromise, stopTimer, type RelayError } from '@audience-relay/protocol';
import { noSegments } from './no-segments';
import { later, microtask } from './platform';
import { safely } from './safely';
import type { ReadyResult, ReadyStatus, SegmentsEvent } from './types';

/** How a `ready` call settles: its status, and what went wrong when not `fresh`. */
export interface Verdict {
  status: ReadyStatus;
  error?: RelayError | null;
}

export interface Readiness {
  /**
   * Settles by `timeoutMs` from now: as soon as `verdict()` has one, else with `atDeadline()`,
   * told `named`: the deadline the page gave (a `ready` the snippet queued has less left).
   * `ticket`: the last event call made before this `ready` (see `EventCalls.made`); the call
   * waits for those, not for calls the page makes while it waits.
   */
  wait(timeoutMs: number, named?: number, ticket?: number): Promise<ReadyResult>;
  /** The relay's state changed: every waiting call looks again, once, at the end of this task. */
  notify(): void;
  /**
   * Something a waiting call waits on (the outputs' bundle still loading): it looks again when
   * that settles. Watched once however often it is given.
   */
  watch(pending: Promise<void>): void;
}

/**
 * `ready` deadlines: each call has one timer and one settling path (`finish`), whichever
 * comes first, the verdict or the deadline; it never rejects.
 */
export function createReadiness(
  verdict: (ticket: number) => Verdict | null,
  atDeadline: (timeoutMs: number, ticket: number) => Verdict,
  current: () => SegmentsEvent,
): Readiness {
  const waiters = new Set<() => void>();
  let looking = false;
  let watched: Promise<void> | null = null;
  // Once per task however often the state changed in it: a page making 20,000 calls past a
  // full queue with 2,000 `ready` calls waiting looked 40 million times (5.8 s) before.
  const notify = (): void => {
    if (looking) return;
    looking = true;
    microtask(() => {
      looking = false;
      for (const check of [...waiters]) check();
    });
  };
  return {
    wait(timeoutMs, named = timeoutMs, ticket = Infinity) {
      return new NativePromise<ReadyResult>((resolve) => {
        let deadline: ReturnType<typeof setTimeout> | undefined;
        const finish = ({ status, error }: Verdict): void => {
          waiters.delete(check);
          stopTimer(deadline);
          let result: ReadyResult = { ...noSegments(), status };
          if (error) result.error = { code: error.code, message: error.message };
          // The segments, as a copy; where the page broke every way to copy them (no
          // `structuredClone`, a throwing `JSON`) the call still settles, with its status and
          // no segments, and the console says why.
          // (Spread, not Object.assign: the page may have replaced that since we started.)
          safely(() => void (result = { ...result, ...current() }));
          resolve(inert(result));
        };
        const check = (): void => {
          const found = verdict(ticket);
          if (found) finish(found);
        };
        try {
          deadline = later(() => finish(atDeadline(named, ticket)), timeoutMs);
        } catch {
          // No timer to keep a deadline with (a page that broke setTimeout): settle now, with
          // what there is, rather than perhaps never.
          return finish(verdict(ticket) ?? atDeadline(named, ticket));
        }
        waiters.add(check);
        check();
      });
    },
    notify,
    watch(pending) {
      if (pending === watched) return;
      watched = pending;
      // A page that broke promises since start: `ready` then settles at its deadline.
      safely(() => void pending.then(notify, notify));
    },
  };
}
