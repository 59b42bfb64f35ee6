import type { CommandRunner } from './commands';
import { reportError } from './safely';

/** One call queued by the snippet: its promise's resolve and reject, and its arguments. */
export type QueuedCall = [resolve: (value: unknown) => void, reject: (reason: unknown) => void, args: ArrayLike<unknown>];

interface GlobalCommand {
  (...args: unknown[]): Promise<unknown>;
  q?: QueuedCall[];
  /** Set on the installed function so a second copy of the tag recognizes the first. */
  loaded?: true;
}

/**
 * Replaces the snippet's queueing function with the real one and replays the queue in
 * order. Someone who kept a reference to the snippet function keeps working: the queue's
 * `push` now runs the call at once. Returns false when a tag is already installed.
 */
export function installGlobal(win: Window, name: string, run: CommandRunner): boolean {
  const host = win as unknown as Record<string, unknown>;
  const existing = host[name] as GlobalCommand | undefined;
  if (typeof existing === 'function' && existing.loaded) {
    console.warn(`[audience-relay] tag loaded twice as "${name}"; the second copy does nothing`);
    return false;
  }
  const queue: QueuedCall[] = typeof existing === 'function' && Array.isArray(existing.q) ? existing.q : [];

  const command: GlobalCommand = (...args) => {
    const result = run(...args);
    result.catch(reportError);
    return result;
  };
  command.loaded = true;
  try {
    host[name] = command;
  } catch {
    // The page made the name read-only (a frozen window property, a getter): the calls the
    // snippet queued and every later push onto its queue still run below; only the global
    // stays the page's. Say so, and go on: no exception reaches the page.
    console.error(`[audience-relay] window.${name} is taken by the page; set data-global to another name`);
  }

  const replay = (call: QueuedCall | ArrayLike<unknown>): void => {
    // Another snippet's queue holds bare argument lists: run them, with no promise to settle.
    const [resolve, reject, args] = typeof (call as QueuedCall)[0] === 'function' ? (call as QueuedCall) : [() => {}, reportError, call];
    const result = run(...Array.from(args));
    result.catch(reportError);
    result.then(resolve, reject);
  };
  for (const call of queue.splice(0)) replay(call);
  queue.push = (...calls: QueuedCall[]) => {
    calls.forEach(replay);
    return 0;
  };
  return true;
}
