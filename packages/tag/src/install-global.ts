import { apply, defineProperty, inert, RelayError } from '@audience-relay/protocol';
import type { CommandRunner } from './commands';
import { noSegments } from './no-segments';
import { reportError } from './safely';
import type { ReadyResult } from './types';

/** A call the snippet queued: how to settle it, its arguments, when the page made it (`Date.now()`) and the page's URL then. */
export type QueuedCall = [resolve: (value: unknown) => void, reject: (reason: unknown) => void, args: ArrayLike<unknown>, madeAt?: number, url?: string];

interface GlobalCommand {
  (...args: unknown[]): Promise<unknown>;
  /** Set on the installed function so a second copy of the tag recognizes the first. */
  loaded?: true;
}

/**
 * A property's own value, never through a getter or the prototype chain: a page's named
 * element (`<div id=audienceRelay>`) or polluted `Object.prototype.q` is not ours.
 */
const ownValue = (target: object, key: string): unknown => Object.getOwnPropertyDescriptor(target, key)?.value;

/** An error's message, whatever the page made of `String` or of the error. */
function messageOf(error: unknown): string {
  try {
    return `${(error as Error)?.message ?? error}`;
  } catch {
    return 'unknown error';
  }
}

/** `ready`'s result when it could not run: it never rejects. */
const failedReady = (status: 'blocked' | 'error', error: unknown): ReadyResult => inert({ ...noSegments(), status, error: { code: 'TAG_FAILED', message: messageOf(error) } });

/**
 * Settles a queued call that failed to run (a patched intrinsic, a bug of ours): `ready` never rejects, it resolves `blocked` with the
 * error (TAG_FAILED); any other call rejects with it.
 */
function fail(command: unknown, error: unknown, resolve: (value: ReadyResult) => void, reject: (reason: unknown) => void): void {
  if (command === 'ready') resolve(failedReady('blocked', error));
  else reject(error);
}

/**
 * Runs one command (the runner settles bad input with a rejection, never a throw). A `ready`
 * whose run threw (a built-in the page broke after we started: `Math.max`, `Date.now`) still
 * resolves, `error` with TAG_FAILED and the reason; the console says it too. (Bad input, a
 * `RelayError`, is rejected as for every call: BAD_REQUEST, at the call.)
 */
function runCommand(run: CommandRunner, args: unknown[]): Promise<unknown> {
  const result = apply(run, undefined, args);
  // `then`, not `catch`: a page may have deleted Promise.prototype.catch.
  result.then(undefined, reportError);
  if (args[0] !== 'ready') return result;
  return result.then(undefined, (error: unknown) => {
    if (error instanceof RelayError) throw error;
    return failedReady('error', error);
  });
}

/**
 * Replaces the snippet's queueing function with the real one and replays the queue in
 * order. Someone who kept a reference to the snippet function keeps working: the queue's
 * `push` now runs the call at once. Each call is replayed on its own, so one that fails
 * cannot stop the others, and nothing thrown here reaches the page. Returns false when a tag
 * is already installed.
 */
export function installGlobal(win: Window, name: string, run: CommandRunner, snippet: unknown = ownValue(win, name)): boolean {
  const existing = ownValue(win, name);
  if (typeof existing === 'function' && ownValue(existing, 'loaded') === true) {
    console.warn(`[audience-relay] tag loaded twice as "${name}"; the second copy does nothing`);
    return false;
  }
  const snippetQueue = typeof snippet === 'function' ? ownValue(snippet, 'q') : undefined;
  const queue: Array<QueuedCall | ArrayLike<unknown>> = Array.isArray(snippetQueue) ? snippetQueue : [];

  const command: GlobalCommand = (...args) => runCommand(run, args);
  command.loaded = true;
  // A page's wrapper around the snippet's function (to log or gate calls) stays the global:
  // it calls the snippet's function, whose queue now runs each call at once (below).
  const wrapped = typeof existing === 'function' && existing !== snippet && Array.isArray(snippetQueue);
  try {
    if (!wrapped) (win as unknown as Record<string, unknown>)[name] = command;
  } catch {
    // Not writable: said below.
  }
  if (!wrapped && ownValue(win, name) !== command) {
    // A frozen window property, or a getter: the calls the snippet queued and every later push
    // onto its queue still run below; only the global stays the page's. No exception.
    console.error(`[audience-relay] window.${name} is taken by the page; set data-global to another name`);
  }

  const replay = (call: QueuedCall | ArrayLike<unknown>): void => {
    // Another snippet's queue holds bare argument lists: run them, with no promise to settle.
    const queued = typeof (call as QueuedCall)[0] === 'function';
    const resolve = queued ? (call as QueuedCall)[0] : () => {};
    const reject = queued ? (call as QueuedCall)[1] : () => {};
    // Copied by index: the page's array iterator or Array.from may be patched.
    const list = queued ? (call as QueuedCall)[2] : (call as ArrayLike<unknown>);
    const args: unknown[] = [];
    for (let i = 0; i < list.length && i < 9; i++) args[i] = list[i];
    // `ready` keeps the deadline the page gave when it made the call, not a new one from now
    // (the tag may have taken seconds to arrive): the runner counts from when it was made.
    // A `config` keeps the URL the page had then: its first page view is the landing page's,
    // though an SPA may have routed since. Any other call tells the runner the URL it was made
    // on, so a route taken before the tag came gets its page view with its calls (`route`).
    const made = queued ? (call as QueuedCall)[args[0] === 'ready' ? 3 : 4] : undefined;
    if ((args[0] === 'ready' && typeof made === 'number') || (args[0] === 'config' && typeof made === 'string')) {
      args.length = 2;
      args[2] = made;
    }
    try {
      if (typeof made === 'string') run.route?.(made, args[0]);
      runCommand(run, args).then(resolve, reject);
    } catch (error) {
      fail(args[0], error, resolve, reject);
    }
  };
  // A call pushed while the queue replays (through a kept reference) joins its end.
  for (let i = 0; i < queue.length; i++) replay(queue[i]!);
  queue.length = 0;
  try {
    // Defined, not assigned: where Array.prototype is frozen, assigning `push` throws.
    defineProperty(queue, 'push', { __proto__: null, value: (...calls: QueuedCall[]) => void calls.forEach(replay) } as PropertyDescriptor);
  } catch {
    // A queue the page made non-extensible: calls through a kept reference to it wait.
  }
  return true;
}
