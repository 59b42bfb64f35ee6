/** An ad library's command queue: a plain array before the library loads, its own object after. */
export type CommandQueue = Array<() => void> | { push(command: () => void): unknown };

/** An output through an ad library's queue; `stop`: a command of ours still waiting there does nothing when it runs. */
export type QueuedOutput = ((segments: string[]) => void) & { stop(): void };

/**
 * The output pattern GPT (`googletag.cmd`) and Prebid (`pbjs.que`) share. Before the library
 * loads, its queue is a plain array it will run in order: our command goes first, ahead of
 * the page's ad requests and auctions. Only one command of ours waits at a time, and it
 * applies the latest segments when it runs.
 */
export function queueLatest(queue: () => CommandQueue, apply: (segments: string[]) => void, again = false): QueuedOutput {
  let latest: string[] = [];
  // A destroyed relay's command may wait in the page's queue until the library loads: it then
  // applied the segments of that relay over those of one configured since (attack11).
  let stopped = false;
  // The queue our waiting command is in: a page that replaces its stub (a second ad script's
  // `googletag = { cmd: [] }`) drops it, and the next segments go into the page's new queue.
  let waitingIn: CommandQueue | null = null;
  const run = (): void => {
    waitingIn = null;
    if (!stopped) apply(latest);
  };
  const output = (segments: string[]): void => {
    latest = segments;
    const q = queue();
    if (waitingIn === q) return;
    waitingIn = q;
    try {
      // The stub's array (the library not loaded yet): ours first, for the first ad request,
      // and `again` once more after the page's commands (GPT: for the slots they define).
      if (Array.isArray(q)) {
        q.unshift(run);
        if (again) q.push(run);
      } else q.push(run);
    } catch (error) {
      // A push that threw queued nothing: the next segments try again.
      waitingIn = null;
      throw error;
    }
  };
  return Object.assign(output, { stop: () => void (stopped = true) });
}
