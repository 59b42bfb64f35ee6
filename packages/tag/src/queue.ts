import { hasOwn, keys, MAX_QUEUED_CALLS, MAX_SIGNAL_BYTES, MAX_SIGNAL_KEYS, MAX_TRAIT_IDS, signalBytes, type EventParams, type WireSignals } from '@audience-relay/protocol';
import { microtask } from './platform';

/** One event call waiting its turn: what the page gave, as it gave it. */
export interface QueuedCall {
  signals: WireSignals;
  traits: number[];
  /** The page URL for a page view (`d_url`); null for a call that is not one. */
  url: string | null;
  pageView: boolean;
  /**
   * The declared IDs current when its commands were given: a call queued behind a slow one
   * must not take an ID declared after it (the DCS writes a call's traits to the profile of
   * the ID it declares: alice's reading would land on bob's profile).
   */
  ids: EventParams['ids'];
  /** Its place in the page's calls, from 1 (`CallQueue.made`); 0 for a call not queued. */
  seq: number;
  /** A frame said it made the call (then reloaded): sent again without what the DCS has already. */
  made?: boolean;
}

/** What the page asked for in one command. */
export interface Command {
  signals: WireSignals;
  traits: readonly number[];
  /** A page view, with its URL; null for a command that is not one. */
  pageView: { url: string | null } | null;
  /** The declared IDs as the command was made (set by the relay). */
  ids?: EventParams['ids'];
}

/**
 * A command with every field its own: nothing is read through the prototype chain, where a
 * page may have put `signals` or `traits` of its own (`Object.prototype.signals = …`).
 */
export function command(fields: Partial<Command>): Command {
  return { signals: {}, traits: [], pageView: null, ...fields };
}

/** The tag's one queue of event calls, in order; one is in flight at a time (see `relay.ts`). */
export interface CallQueue {
  /**
   * Adds a command; false when the queue is full and the command is lost (the caller reports it).
   * `untilTask`: a call it starts stays open, and is not taken, until this task ends; then
   * the queue calls `released` (given to `createCallQueue`).
   */
  add(command: Command, untilTask?: boolean): boolean;
  /** The next call to send, taken off the queue; `all`: an open one too (the page is hidden). */
  take(all?: boolean): QueuedCall | undefined;
  /** Puts a call back at the head (its port died before the answer), or `at` that place in line. */
  putBack(call: QueuedCall, at?: number): void;
  /** Every queued call, in order, taken off the queue. */
  drain(): QueuedCall[];
  readonly length: number;
  /** The first call in line. */
  readonly head: QueuedCall | undefined;
  /** How many calls were made so far: the last one's `seq`. */
  readonly made: number;
}

/**
 * Commands made in one tick share one event call; beyond that, nothing merges. A page view
 * always starts its own call, with its own URL. A signal key or a trait ID already in the
 * pending call (the DCS counts each realization of a trait: frequency rules), or
 * a command that would take the call past the limits of one event call (keys, trait IDs,
 * bytes), starts the next call, so no value is ever overwritten and no call is built that
 * the DCS would refuse. Audience Manager's guidance for concurrent calls is the same: one in
 * flight, the next ones queued, not merged. At most `MAX_QUEUED_CALLS` wait; a command past
 * that is refused (`add` returns false), never dropped without a word. A call carries the
 * declared IDs of its tick: an `ids` command given in the same tick joins it (the IDs and the
 * signals were given together), and a closed call keeps its IDs while it waits.
 */
export function createCallQueue(released: () => void = () => {}): CallQueue {
  // The page's timer as the queue was made (the tag's start): a page that later replaces
  // `setTimeout` with one that never runs its callback must not hold a call for ever.
  const later = setTimeout;
  const calls: QueuedCall[] = [];
  // The call commands of this tick join; it closes at the end of the tick.
  let open: QueuedCall | null = null;
  // A call kept open to the end of its task (a route change's page view: the router sets the
  // route's signals in its own listener of the same navigation, which may run after ours).
  let held: QueuedCall | null = null;
  let made = 0;

  const fits = (call: QueuedCall, { signals, traits, pageView }: Command): boolean => {
    if (pageView && call.pageView) return false;
    const added = keys(signals);
    if (added.some((key) => hasOwn(call.signals, key))) return false;
    if (keys(call.signals).length + added.length > MAX_SIGNAL_KEYS) return false;
    // A trait given again is realized again (frequency rules count each): in the next call.
    if (traits.some((id) => call.traits.includes(id)) || call.traits.length + traits.length > MAX_TRAIT_IDS) return false;
    return signalBytes(call.signals) + signalBytes(signals) <= MAX_SIGNAL_BYTES;
  };

  return {
    add(command, untilTask) {
      let call = open && calls.includes(open) && fits(open, command) ? open : null;
      if (!call) {
        if (calls.length >= MAX_QUEUED_CALLS) return false;
        call = { signals: {}, traits: [], url: null, pageView: false, ids: [], seq: ++made };
        calls.push(call);
        const created = call;
        open = created;
        const close = (): void => {
          if (open === created) open = null;
          if (held === created) {
            held = null;
            released();
          }
        };
        // Held once its timer is set: a page whose `setTimeout` throws gets a call that closes
        // with this tick, never one stuck.
        let timed = false;
        if (untilTask) {
          try {
            later(close);
            timed = true;
          } catch {
            // No timer: it closes with this tick, as any other call.
          }
        }
        if (timed) held = created;
        else microtask(close);
      }
      if (command.ids) call.ids = command.ids;
      call.signals = { ...call.signals, ...command.signals };
      for (const id of command.traits) if (!call.traits.includes(id)) call.traits.push(id);
      if (command.pageView) {
        call.pageView = true;
        call.url = command.pageView.url;
      }
      return true;
    },
    take: (all) => (all || calls[0] !== held ? calls.shift() : undefined),
    putBack: (call, at = 0) => void calls.splice(at, 0, call),
    drain: () => calls.splice(0),
    get length() {
      return calls.length;
    },
    get head() {
      return calls[0];
    },
    get made() {
      return made;
    },
  };
}
