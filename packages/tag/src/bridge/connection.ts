import { RelayError, stopTimer, type Caller } from '@audience-relay/protocol';
import type { BridgeConnector } from '../services';
import { later } from '../platform';
import { safely } from '../safely';

export type FrameState = 'idle' | 'connecting' | 'connected' | 'failed';

export interface ConnectionHandlers {
  /** Connected (`again`: after the frame reloaded), at the negotiated protocol version. */
  connected(caller: Caller, version: number, again: boolean): void;
  /** The port is offered, before the frame accepts it (the boot request may go at once). */
  opened(caller: Caller, version: number): void;
  lost(): void;
  /** The frame refused, spoke no common version, or did not connect in time. */
  failed(): void;
}

export interface Connection {
  readonly caller: Caller | null;
  readonly failure: RelayError | null;
  readonly state: FrameState;
  /** Mounts the frame, with the boot call in its URL, and starts the connect deadline. */
  open(bootCall: string | null): void;
  /** This caller's port died (the frame reloaded mid-call): wait for the next connection. */
  drop(dead: Caller): void;
  /** Stops listening and removes the frame; `open` may start again. */
  stop(): void;
  /**
   * Before a call: a frame the page took out of its document or navigated away (its port is
   * dead), or one that did not connect in time, is mounted again.
   */
  revive(): void;
  /**
   * While `busy()` (a request waits on the port): a frame the page took out of its document
   * meanwhile says no hello, so its port neither answers nor dies; looked at every 250 ms, it is
   * mounted again (its port DESTROYED), and what waited goes on the new connection (attack17).
   */
  watch(busy: () => boolean): void;
}

/** The frame connection: mounted once consent allows, with one connect deadline. */
export function createConnection(bridge: BridgeConnector, connectTimeoutMs: number, handlers: ConnectionHandlers): Connection {
  let caller: Caller | null = null;
  let failure: RelayError | null = null;
  let mounted: ReturnType<BridgeConnector['connect']> | null = null;
  let everConnected = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let mountedAt = 0;

  const fail = (error: RelayError): void => {
    stopTimer(timer);
    failure = error;
    handlers.failed();
  };

  return {
    get caller() {
      return caller;
    },
    get failure() {
      return failure;
    },
    get state() {
      return caller ? 'connected' : failure ? 'failed' : mounted ? 'connecting' : 'idle';
    },
    open,
    drop(dead) {
      if (caller === dead) caller = null;
    },
    stop,
    revive,
    watch(busy) {
      const look = (): unknown => busy() && (revive(), later(look, 250));
      // A page's setTimeout that throws since: no watch, never a half-sent call.
      safely(() => later(look, 250));
    },
  };

  function revive(): void {
    // Also a frame that did not say hello by its deadline and never will: it loaded (a failed
    // frame.html request, a 502 for a second), or it has been loading for two deadlines (a
    // request the page stopped, `window.stop()`, never ends). Mounted again by the page's next
    // call, which waits for it: one frame, one deadline each. One still loading within that
    // (a slow network) is left to connect late.
    const dead = failure?.code === 'CONNECTION_TIMEOUT' && (mounted?.dead?.() || Date.now() - mountedAt >= 2 * connectTimeoutMs);
    if (!mounted?.gone?.() && !dead) return;
    const wasConnected = !!caller;
    stop();
    if (wasConnected) handlers.lost();
    open(null);
  }

  /** Also forgets a failure: a frame mounted later (consent granted again) gets its own deadline. */
  function stop(): void {
    stopTimer(timer);
    mounted?.stop();
    mounted = null;
    caller = null;
    failure = null;
  }

  function open(bootCall: string | null): void {
    mountedAt = Date.now();
    timer = later(() => {
      if (caller) return;
      fail(new RelayError('CONNECTION_TIMEOUT', `the DCS frame did not connect within ${connectTimeoutMs} ms`));
      // A frame still loading (a DCS that never answers) holds the page's `load` event: it is
      // taken out until the page has loaded (a call meanwhile mounts it again: `revive`).
      mounted?.stalled?.();
    }, connectTimeoutMs);
    mounted = bridge.connect(
      {
        onConnect(next, version) {
          stopTimer(timer);
          caller = next;
          failure = null;
          const again = everConnected;
          everConnected = true;
          handlers.connected(next, version, again);
        },
        onFail: fail,
        onLost() {
          caller = null;
          handlers.lost();
        },
        onOpen: handlers.opened,
      },
      bootCall,
    );
  }
}
