import { MAX_POST_BODY, RelayError, buildEventQuery, encodeBootCall, type Caller, type EventParams, type EventResult, type Privacy } from '@audience-relay/protocol';
import type { Beacon } from './beacon';
import type { Connection } from './bridge/connection';
import { shownParams, type DebugStream } from './debug/stream';
import { command, createCallQueue, type Command, type QueuedCall } from './queue';
import type { DebugEvent } from './types';
import { later, microtask } from './platform';
import { randomId } from './random-id';

export interface EventCallsOptions {
  connection: Connection;
  stream: DebugStream;
  /** Consent open, not opted out, not destroyed: calls may go out and answers may be kept. */
  allowed(): boolean;
  /** The relay was destroyed: a call whose port died is not put back. */
  destroyed(): boolean;
  /** A queued call with what the page allows at this moment (consent, device ID). */
  params(call: QueuedCall): EventParams;
  /** The page's privacy signals at this moment. */
  privacy(): Privacy;
  /** The declared IDs now: a command's call carries those of when it was made. */
  ids(): EventParams['ids'];
  /** An answer to keep (already checked against `allowed`). */
  answered(result: EventResult): void;
  /** Something `ready` waits on changed. */
  changed(): void;
  /** The frame says this browser opted out on the site (on another of its hosts). */
  optedOut(): void;
  debug(event: DebugEvent): void;
  /** A fire-and-forget form POST (`beacon.ts`); false when the browser refused it at once. */
  beacon?: Beacon | undefined;
  dcsOrigin: string;
}

export interface EventCalls {
  /** Queues a command; a full queue loses it, and says so (`QUEUE_FULL`). */
  add(command: Command): void;
  /**
   * A new page view: a loss reported on the last one is not this one's. `route`: the page's
   * route changed, and the call stays open to the end of the task for the route's signals.
   */
  pageView(url: string | null, route?: boolean): void;
  /** Takes the first queued call for the frame: its boot call to put in the frame URL, or null (nothing queued; too long or not for a URL: it goes on the port). */
  boot(): string | null;
  /** The port is offered at `version`: the boot request goes at once (version 2 frames). */
  opened(caller: Caller, version: number): void;
  /** Connected at `version`. */
  connected(version: number): void;
  /** Sends the next call when none is in flight. */
  pump(): void;
  /** The page is hidden: what the frame never got goes out as beacons, in order. */
  flush(): void;
  /** Opt-out: nothing queued goes out. */
  cancel(): void;
  /** A call made up to `ticket` (`made` when a `ready` was called) is queued or in flight, or none was answered yet. */
  waitingFor(ticket: number): boolean;
  /** How many event calls were made so far (each command joins one). */
  readonly made: number;
  /** The last call's failure, else the calls lost on this page view. */
  readonly error: RelayError | null;
  /** The last call was answered. */
  readonly fresh: boolean;
  readonly inFlight: boolean;
  readonly queued: number;
  readonly dropped: number;
}

/**
 * The event calls of one relay: the one queue (`queue.ts`), sent one at a time over the
 * frame connection, the first one as the boot call in the frame's URL; a call whose port
 * died with the frame goes out again on the next connection; and, when the page is hidden,
 * what the frame never got goes out as beacons.
 */
export function createEventCalls(options: EventCallsOptions): EventCalls {
  const { connection, stream } = options;
  // A call held to the end of its task (a route's page view) goes once that task ends.
  const queue = createCallQueue(pump);
  // This relay's calls' ID prefix: a frame's session storage outlives the page (a reload).
  const callPrefix = randomId();
  // The first call, with its params as the frame was mounted: in the frame URL (the boot call,
  // asked for once the frame connects) when `inUrl`, else sent on the port at the connect.
  // `beaconed`: sent as a beacon when the page was hidden before the frame connected.
  let booting: { call: QueuedCall; params: EventParams; inUrl: boolean; beaconed?: boolean } | null = null;
  // The call in flight; one at a time.
  let flying: QueuedCall | null = null;
  let version = 1;
  let settled = false;
  let lastError: RelayError | null = null;
  // Calls lost (the queue full) on this page view, reported by `ready`.
  let dropped = 0;
  let lossError: RelayError | null = null;
  // A call the DCS refused for now (DCS_BUSY: a 429 or 503, not taken) goes again after
  // 2, 4 and 8 s, first in line; nothing is sent meanwhile. Refused a fourth time: it fails.
  let busyTries = 0;
  let resting = false;

  function add(given: Command, untilTask = false): void {
    const ids = options.ids();
    if (queue.add({ ...given, ids }, untilTask)) {
      // A frame gone or never connected is mounted again now, not in the pump's microtask: a
      // `ready` made next in this task waits for it rather than settle on the old failure.
      connection.revive();
      // Deferred to a microtask so every call made in this tick joins one event call; a call
      // held open to the end of the task (`queue.ts`) goes once the queue releases it.
      microtask(pump);
      return;
    }
    const { signals, traits, pageView } = given;
    const reason = 'more than 100 event calls were waiting';
    const params = options.params({ signals, traits: [...traits], url: pageView?.url ?? null, pageView: !!pageView, ids, seq: 0 });
    dropped++;
    lossError = new RelayError('QUEUE_FULL', `${dropped} event call(s) lost: ${reason}`);
    // `ready` is not told: with the queue full, calls are waiting, and it waits on them.
    options.debug({ type: 'dropped', params: shownParams(params), reason });
  }

  /** One fire-and-forget event call straight to the DCS; false: not sent (`refused`: the browser gave up on it later). */
  function beacon(params: EventParams, refused: () => void): boolean {
    let body = '';
    try {
      body = buildEventQuery({ params, deviceId: params.uuid });
    } catch {
      // Unencodable (validation keeps this from happening): kept, like a refused one.
    }
    if (!body || body.length > MAX_POST_BODY || !options.beacon!(`${options.dcsOrigin}/event`, body, refused)) return false;
    options.debug({ type: 'beacon', params: shownParams(params) });
    return true;
  }

  function pump(given?: Caller): void {
    // A frame the page took away (Turbo's <body> swap) is mounted again; the calls go once it connects.
    if (!given) connection.revive();
    const via = given ?? connection.caller;
    // Nothing to send: `allowed` (which may look at the cookie jar) is not asked.
    if (!via || flying || resting || (!booting && queue.length === 0) || !options.allowed()) return;
    const current = via;
    // The boot call first: its answer (version 2 frames made it already), else as a plain call.
    const boot = booting;
    const call = boot ? boot.call : queue.take();
    if (!call) return;
    // Its ID goes with it (not with the boot call, whose frame keeps its own): a frame reloaded
    // mid-call tells the resend from a new call.
    // A call a frame made before it reloaded goes again without its signals, as the frame sends
    // one its own record knows: the DCS has them, and gives the segments again.
    // A call the DCS refused for now (DCS_BUSY) goes again under another ID: the frame's record
    // of the first would take the retry for a resend and strip its signals.
    // The first call's privacy signals as they are now, not as the frame was mounted: a US Privacy
    // CMP loaded after the tag may have said `1YYN` meanwhile (the frame claims a boot answer
    // with them, attack16).
    const sending = boot ? { ...boot.params, privacy: options.privacy() } : { ...options.params(call), ...(call.made ? { signals: {}, traits: [], url: null } : {}), call: `${callPrefix}${call.seq}b${busyTries}` };
    const method = boot?.inUrl && version > 1 ? 'boot' : 'event';
    booting = null;
    flying = call;
    // A frame the page takes out of its document meanwhile: mounted again, and the call goes
    // there, as for a frame moved in the DOM (attack17).
    connection.watch(() => flying === call);
    // The frame said it calls the DCS with it (`sent`): should that frame reload before the
    // answer, the DCS has the call.
    let told = false;
    stream
      .send(current, sending, method, (taken = true) => void (told = taken))
      .then(
        (result) => {
          // Consent withdrawn or opted out while the call was in flight: keep nothing.
          if (!options.allowed()) return;
          lastError = null;
          settled = true;
          busyTries = 0;
          options.answered(result);
        },
        (error: RelayError) => {
          if (error.code === 'DESTROYED' && !options.destroyed()) {
            // The frame reloaded mid-call: that port is dead. Put the call back; it goes out
            // once, on the port of the next connection.
            connection.drop(current);
            if (told) call.made = true;
            queue.putBack(call);
          } else if (error.code === 'DCS_BUSY' && busyTries < 3) {
            queue.putBack(call);
            later(() => {
              resting = false;
              pump();
            }, 2000 << busyTries++);
            resting = true;
          } else if (error.code === 'OPTED_OUT') options.optedOut();
          else {
            lastError = error;
            settled = true;
            // Retries are per call: the next one is not refused its own for this one's.
            busyTries = 0;
          }
        },
      )
      // Then either way; `then` alone, so a page without `Promise.prototype.finally` or
      // `catch` (deleted, or an old polyfill) still sends the next call.
      .then(next, next)
      .then(undefined, reportNothing);
  }

  function next(): void {
    flying = null;
    pump();
    options.changed();
  }

  return {
    add,
    pageView(url, route) {
      lossError = null;
      add(command({ pageView: { url } }), route);
    },
    boot() {
      const first = queue.take();
      if (!first) return null;
      const params = options.params(first);
      // A new id per page: the frame makes the boot call once per id, however often its
      // element is moved (and so reloaded) in the DOM.
      let bootCall: string | null = null;
      try {
        bootCall = encodeBootCall(params, randomId());
      } catch {
        // A page whose JSON.stringify throws: no boot call; the call goes on the port instead.
      }
      // Not in the URL (too long, or what the fragment may not carry): the port, with the params
      // read now (the device-ID copy is not read twice).
      booting = { call: first, params, inUrl: !!bootCall };
      return bootCall;
    },
    opened(caller, negotiated) {
      if (!booting?.inUrl || negotiated < 2) return;
      version = negotiated;
      pump(caller);
    },
    connected(negotiated) {
      version = negotiated;
    },
    pump,
    flush() {
      if (!options.allowed() || !options.beacon) return;
      // A boot call whose frame has not connected goes now, once: the page may never run again
      // (a phone discards a hidden tab without `pagehide`: outside review attack14). In the
      // frame's URL, it stays the frame's too: a frame that loads after all (a tab switch while
      // frame.html loaded) makes it as well, so the DCS may count that page view twice
      // (at-least-once, as after a frame's move), and its answer is still asked for when the
      // frame connects, for `ready` (attack13). Not in the URL, it goes as a queued call does.
      if (booting && connection.state !== 'connected' && !booting.beaconed) {
        if (!booting.inUrl) {
          queue.putBack(booting.call);
          booting = null;
        } else {
          const boot = booting;
          if (!beacon(boot.params, () => void (boot.beaconed = false))) return;
          boot.beaconed = true;
        }
      }
      // Once the browser refuses one (the beacon quota, 64 KiB in flight), it and the rest
      // stay queued, in order, for the frame if the page runs again (a tab switch). One it
      // refuses later goes back in line too, ahead of those, in the order they were sent.
      let back = 0;
      for (let call = queue.take(true); call; call = queue.take(true)) {
        // A call a frame made before it reloaded: the DCS has it.
        if (call.made) continue;
        if (!beacon(options.params(call), () => queue.putBack(call, back++))) {
          queue.putBack(call);
          return;
        }
      }
    },
    cancel() {
      queue.drain();
      booting = null;
    },
    waitingFor(ticket) {
      // No array method: the page may have replaced them since we started.
      const upTo = (call: QueuedCall | null | undefined): boolean => !!call && call.seq <= ticket;
      return !settled || upTo(booting?.call) || upTo(flying) || upTo(queue.head);
    },
    get made() {
      return queue.made;
    },
    get error() {
      return lastError ?? lossError;
    },
    get fresh() {
      return settled && !lastError;
    },
    get inFlight() {
      return flying !== null;
    },
    get queued() {
      return queue.length + (booting ? 1 : 0);
    },
    get dropped() {
      return dropped;
    },
  };
}

function reportNothing(): void {
  // `pump`'s chain ends here: every step above handles its own failures.
}
