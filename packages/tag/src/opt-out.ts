import { type Caller, NativePromise, type RelayError, stopTimer } from '@audience-relay/protocol';
import type { Connection } from './bridge/connection';
import { CALL_TIMEOUT_MS } from './debug/stream';
import { safely } from './safely';
import type { PageShown } from './page-shown';
import type { OptOutStore } from './services';
import { later } from './platform';

/** What an opt-out needs of the relay it stops. */
export interface OptOutHost {
  connection: Connection;
  /** The site's marker of this partner's opt-out (`opt-out-marker.ts`); none where nothing is kept. */
  store: OptOutStore | undefined;
  /** The device ID now: the DCS opt-out carries it (`d_uuid`), though the copy is forgotten at once. */
  deviceId(): string | null;
  /** This page has had its fresh answer: the start read the marker already. */
  answered(): boolean;
  /** Nothing more is sent, what we stored goes, and `ready` hears it. */
  stop(): void;
  /** Sends the DCS opt-out on `caller`, with the device ID as the opt-out was made. */
  send(caller: Caller, uuid: string | null): Promise<unknown>;
  /** Consent granted and the relay not destroyed (whether opted out or not). */
  consented(): boolean;
  destroyed(): boolean;
  /** Whether the page is shown (not prerendered). */
  shown: PageShown;
}

/** The visitor's opt-out on this page: made here, or heard from another page or host of the site. */
export interface OptOut {
  /** Opted out, here or elsewhere, as far as this page knows. */
  readonly done: boolean;
  /**
   * Opted out, here or in another tab of this origin since this page started (the marker is
   * in the origin's storage, `opt-out-marker.ts`): the other tab's opt-out holds here before
   * the next call. Looked at again once this page has had its fresh answer (the start read it
   * already, and the start path makes as few synchronous reads as it can).
   */
  elsewhere(): boolean;
  /** The site's marker says opted out (the page heard our records go): this page stops too. */
  marked(): boolean;
  /** On another host of the site (the frame's storage is the site's, `OPTED_OUT`): this origin remembers it too. */
  heard(): void;
  /** The visitor's opt-out: everything stops, then the DCS is told; settles when told, or by CALL_TIMEOUT_MS (nothing: opted out already). */
  make(): Promise<void> | undefined;
  /** Runs `run` once the marker's cookie backup has been looked at (at once if it is not being). */
  whenChecked(run: () => void): void;
  /** The frame connected: true when the connection is the opt-out's, which is sent on it now. */
  connected(caller: Caller): boolean;
  /** The frame failed: an opt-out waiting for it is done. */
  failed(): void;
  /**
   * Consent granted: true when an opt-out made before it is delivered now, and nothing else
   * runs; an opt-out found in the marker's backup stops everything first.
   */
  granted(): boolean;
}

/**
 * The opt-out: the marker on the site, everything stopped and forgotten, and the DCS opt-out on
 * the frame's connection. A frame not mounted yet (the opt-out came right after `config`) is
 * mounted for it alone; before consent nothing is mounted, and the DCS is told once consent is
 * granted.
 */
export function createOptOut(host: OptOutHost): OptOut {
  const { connection, store } = host;
  let done = store?.read() ?? false;
  // Set while the opt-out waits for a connection to be sent on, and to end that wait.
  let send: ((caller: Caller) => void) | null = null;
  let end: (() => void) | null = null;
  // An opt-out made while consent was pending: the DCS is told once consent is granted.
  let owed = false;
  // The device ID as the opt-out was made.
  let uuid: string | null = null;

  // The backup being looked at, and what waits for it (the frame's mount).
  let checking = false;
  const waiting: Array<() => void> = [];
  function checked(found: boolean): void {
    checking = false;
    if (found && !done) stop();
    for (const run of waiting.splice(0)) safely(run);
  }

  /** Opted out elsewhere: nothing more is sent, and what we stored goes. */
  function stop(): void {
    done = true;
    host.stop();
    connection.stop();
  }

  function marked(): boolean {
    if (!store?.read()) return false;
    if (!done) stop();
    return true;
  }

  function deliver(): Promise<void> {
    return new NativePromise<void>((resolve) => {
      const finish = (): void => {
        stopTimer(timer);
        send = end = null;
        connection.stop();
        resolve();
      };
      const timer = later(finish, CALL_TIMEOUT_MS);
      // A frame the page takes out of its document (a widget torn down, a `<body>` swap) while
      // the opt-out waits is mounted again, and the opt-out sent there (attack17).
      connection.watch(() => !!send);
      // The frame mounted for it fails (refused, or no page to mount it on): done, at once.
      end = finish;
      // A frame reloaded before it made the opt-out (its element moved in the DOM: that port died
      // with the call): sent again on the next connection, as an event call is (attack16).
      send = (caller) => void host.send(caller, uuid).then(finish, (error: RelayError) => (error.code === 'DESTROYED' && !host.destroyed() ? connection.drop(caller) : finish()));
      // A frame that did not connect in time (a blip) is not final: one is mounted for the opt-out.
      if (connection.failure?.code === 'CONNECTION_TIMEOUT') connection.stop();
      if (connection.caller) send(connection.caller);
      else if (connection.failure) finish();
      else if (connection.state === 'idle') {
        const open = host.consented();
        if (!open) owed = !host.destroyed();
        if (open && host.shown.now) connection.open(null);
        else {
          if (open) host.shown.when(() => void deliver());
          finish();
        }
      }
    });
  }

  return {
    get done() {
      return done;
    },
    elsewhere() {
      if (!done && host.answered()) marked();
      return done;
    },
    marked,
    heard() {
      if (done) return;
      safely(() => store?.write());
      stop();
    },
    make() {
      if (done) return;
      done = true;
      safely(() => store?.write());
      uuid = host.deviceId();
      host.stop();
      return deliver();
    },
    whenChecked(run) {
      if (checking) waiting.push(run);
      else run();
    },
    connected(caller) {
      if (!send) return false;
      send(caller);
      return true;
    },
    failed() {
      end?.();
    },
    granted() {
      // An opt-out the site's own clean-up took out of storage, kept by its cookie backup
      // (`opt-out-marker.ts`): looked at now, not before consent; the frame waits for it.
      if (!done && store?.backup) {
        checking = true;
        if (!store.backup(checked)) checking = false;
      }
      if (!owed) return false;
      owed = false;
      void deliver();
      return true;
    },
  };
}
