import { queueLatest, type CommandQueue, type QueuedOutput } from './command-queue';
import type { NormalizedOutputs } from '../types';

/** An `ortb2.user.data` entry (OpenRTB 2.6 `Data`). */
export interface UserData {
  name: string;
  ext?: { segtax: number };
  segment: Array<{ id: string }>;
}
interface Ortb2 {
  user?: { data?: unknown[] } & Record<string, unknown>;
}
interface Pbjs {
  que: CommandQueue;
  getConfig(path: 'ortb2'): Ortb2 | undefined;
  /** Subscribes to a topic; returns the unsubscribe function (Prebid's `config.js`). */
  getConfig(topic: 'ortb2', subscriber: () => void): unknown;
  setConfig(config: { ortb2: Ortb2 }): void;
  mergeConfig(config: { ortb2: Ortb2 }): void;
}

/**
 * Keeps one `ortb2.user.data` entry of ours, found by `name`, in Prebid's first-party data.
 * A new entry is added with `mergeConfig`; since Prebid merges arrays by appending, an
 * update or removal rewrites `ortb2` with our entry replaced and every other one kept.
 *
 * The page's own `setConfig({ ortb2 })`, as Prebid's docs show first-party data, replaces the
 * whole topic and our entry with it; where it runs after ours (queued before Prebid loaded,
 * or any time later) the next auction would carry none of our segments. Prebid tells the
 * subscribers of a topic (`getConfig('ortb2', fn)`) of every `setConfig` and `mergeConfig`,
 * at once, before the page's next command: ours puts the entry back where it went missing.
 */
export function prebidOutput(win: Window, { name, segtax }: NonNullable<NormalizedOutputs['prebid']>): QueuedOutput {
  let latest: string[] = [];
  let watched: Pbjs | null = null;
  // Destroyed: the page's setConfig is no longer answered with our entry.
  let stopped = false;
  // What Prebid gave to end our subscription: called on destroy, or a page that destroys and
  // configures again (React's StrictMode, a micro-frontend per route) would leave one
  // subscriber per relay in Prebid, each holding its segments (soak, session m: 1.3 KB a cycle).
  let unsubscribe: unknown;
  const write = (p: Pbjs, segments: string[], onlyIfMissing = false): void => {
    const entry: UserData = { name, ...(segtax === null ? {} : { ext: { segtax } }), segment: segments.map((id) => ({ id })) };
    const ortb2 = p.getConfig('ortb2') ?? {};
    const data = Array.isArray(ortb2.user?.data) ? ortb2.user.data : [];
    const others = data.filter((item) => (item as Partial<UserData> | null)?.name !== name);
    const mine = segments.length > 0 ? [entry] : [];
    if (others.length === data.length) {
      if (mine.length > 0) p.mergeConfig({ ortb2: { user: { data: mine } } });
    } else if (!onlyIfMissing) {
      p.setConfig({ ortb2: { ...ortb2, user: { ...ortb2.user, data: [...others, ...mine] } } });
    }
  };
  const apply = (segments: string[]): void => {
    const p = (win as unknown as { pbjs: Pbjs }).pbjs;
    latest = segments;
    write(p, segments);
    if (watched === p) return;
    watched = p;
    // Called inside the page's setConfig: nothing of ours may throw into it. (A stand-in
    // Prebid whose getConfig takes no subscriber may throw here too: we only do not watch.)
    try {
      endSubscription();
      unsubscribe = p.getConfig('ortb2', () => {
        try {
          if (!stopped) write(p, latest, true);
        } catch {
          // A Prebid that refuses it: the page's entry stands, as before we watched.
        }
      });
    } catch {
      // No subscriptions: as before we watched.
    }
  };
  const endSubscription = (): void => {
    const end = unsubscribe;
    unsubscribe = undefined;
    try {
      if (typeof end === 'function') (end as () => void)();
    } catch {
      // A Prebid whose unsubscribe throws: our subscriber stays, and does nothing once stopped.
    }
  };
  // Through pbjs.que, ahead of the page's auctions while Prebid has not loaded (see queueLatest).
  const output = queueLatest(() => ((win as unknown as { pbjs?: Partial<Pbjs> }).pbjs ??= {}).que ??= [], apply);
  const stop = output.stop;
  return Object.assign(output, {
    stop() {
      stopped = true;
      endSubscription();
      stop();
    },
  });
}
