import {
  RelayError,
  type Caller,
  type EventParams,
  type EventResult,
  type Identity,
  type WireSignals,
} from '@audience-relay/protocol';
import type { DeviceIdStore } from './device-id-cookie';
import { checkMs, validateConfig, type AudienceRelayConfig, type NormalizedConfig } from './config';
import { inputError } from './errors';
import { normalizeSignals, normalizeTraitIds, type Signals } from './signals';

/** Deadline of one request on the port; above the frame's DCS timeout so the frame's typed error wins. */
const CALL_TIMEOUT_MS = 5000;

/** Why `ready` settled as it did. */
export type ReadyStatus = 'fresh' | 'timeout' | 'blocked' | 'error';

export interface SegmentsEvent {
  /** Segment IDs the visitor qualifies for, as strings. */
  segments: string[];
  /** Trait IDs realized by the last event call. */
  traits: number[];
  /** The DCS device ID (38 digits), or null when the DCS gave none. */
  uuid: string | null;
  /** Where the device ID came from, and whether the frame's storage is partitioned. */
  identity: Identity;
}

export interface ReadyResult extends SegmentsEvent {
  status: ReadyStatus;
  /** What went wrong, when `status` is not `fresh`. */
  error?: { code: string; message: string };
}

export interface ReadyOptions {
  /** Settle by this many milliseconds from now. Default: the config's `timeoutMs`. */
  timeoutMs?: number;
}

export type SegmentsListener = (event: SegmentsEvent) => void;

/** One partner's connection from this page to its DCS. */
export interface AudienceRelay {
  readonly config: Readonly<NormalizedConfig>;
  /** Adds page signals to the next event call; calls in the same tick share one call. */
  signals(signals: Signals): void;
  /** Realizes trait IDs (`d_sid`) in the next event call. */
  traits(ids: number | readonly number[]): void;
  /** Settles by its deadline, never rejects: fresh segments, or the best available and why not fresh. */
  ready(options?: ReadyOptions): Promise<ReadyResult>;
  /** The last segments received, or an empty list. */
  getSegments(): string[];
  /** Calls `listener` with every fresh result, at once with the last one if any; returns the unsubscribe. */
  on(event: 'segments', listener: SegmentsListener): () => void;
  off(event: 'segments', listener: SegmentsListener): void;
  /** Removes the frame and listeners; pending `ready` calls settle with `error`. */
  destroy(): void;
}

/** How the relay reaches the frame; the browser version mounts the iframe (see `browser-bridge.ts`). */
export interface BridgeConnector {
  connect(handlers: { onConnect(caller: Caller): void; onFail(error: RelayError): void }): { stop(): void };
}

export const EMPTY: SegmentsEvent = { segments: [], traits: [], uuid: null, identity: { source: 'none', partitioned: null } };
const NO_DEVICE_IDS: DeviceIdStore = { read: () => null, write: () => {} };

type Batch = Pick<EventParams, 'signals' | 'traits'>;

/**
 * A relay over the bridge that `bridgeFor` makes for the validated config. `deviceIdsFor`
 * gives the first-party store of the device ID (none under COPPA).
 */
export function createRelay(
  input: AudienceRelayConfig,
  bridgeFor: (config: NormalizedConfig) => BridgeConnector,
  deviceIdsFor: (config: NormalizedConfig) => DeviceIdStore = () => NO_DEVICE_IDS,
): AudienceRelay {
  const config = validateConfig(input);
  const bridge = bridgeFor(config);
  const deviceIds = config.coppa ? NO_DEVICE_IDS : deviceIdsFor(config);
  const listeners = new Set<SegmentsListener>();
  const waiters = new Set<() => void>();
  let caller: Caller | null = null;
  let failure: RelayError | null = null;
  // The first page view always makes an event call, even with no signals: it returns the
  // visitor's segments from the profile.
  let batch: Batch | null = { signals: {}, traits: [] };
  let inFlight = false;
  // The last fresh result, and whether the last call failed since.
  let latest: EventResult | null = null;
  let settled = false;
  let lastError: RelayError | null = null;
  let destroyed = false;

  const connectTimer = setTimeout(() => {
    if (!caller) fail(new RelayError('CONNECTION_TIMEOUT', `the DCS frame did not connect within ${config.connectTimeoutMs} ms`));
  }, config.connectTimeoutMs);

  const connection = bridge.connect({
    onConnect(next) {
      clearTimeout(connectTimer);
      caller = next;
      failure = null;
      pump();
    },
    onFail: fail,
  });

  function fail(error: RelayError): void {
    clearTimeout(connectTimer);
    failure = error;
    notify();
  }

  function notify(): void {
    for (const check of [...waiters]) check();
  }

  function enqueue(signals: WireSignals, traits: readonly number[]): void {
    if (destroyed) return;
    const pending = batch ?? { signals: {}, traits: [] };
    Object.assign(pending.signals, signals);
    for (const id of traits) if (!pending.traits.includes(id)) pending.traits.push(id);
    batch = pending;
    // Deferred to a microtask so every call made in this tick joins one event call.
    queueMicrotask(pump);
  }

  function pump(): void {
    if (!caller || inFlight || !batch || destroyed) return;
    const params = batch;
    const current = caller;
    batch = null;
    inFlight = true;
    current.call({ ...params, uuid: deviceIds.read(), coppa: config.coppa }, CALL_TIMEOUT_MS).then(
      (result) => {
        if (result.uuid) deviceIds.write(result.uuid);
        latest = result;
        lastError = null;
        settled = true;
        emit(structuredClone(result));
      },
      (error: RelayError) => {
        if (error.code === 'DESTROYED' && !destroyed) {
          // The frame reloaded mid-call: that port is dead. Put the request back; it goes out
          // once, on the port of the next connection.
          if (caller === current) caller = null;
          enqueue(params.signals, params.traits);
        } else {
          lastError = error;
          settled = true;
        }
      },
    ).finally(() => {
      inFlight = false;
      pump();
      notify();
    });
  }

  function emit(event: SegmentsEvent): void {
    for (const listener of [...listeners]) safely(listener, event);
  }

  /** The best segments available, as a copy the page may change freely. */
  function best(): SegmentsEvent {
    return structuredClone(latest ?? EMPTY);
  }

  return {
    config,
    signals(signals) {
      enqueue(normalizeSignals(signals), []);
    },
    traits(ids) {
      enqueue({}, normalizeTraitIds(ids));
    },
    ready(options = {}) {
      const timeoutMs = options.timeoutMs ?? config.timeoutMs;
      const problems: string[] = [];
      checkMs(problems, 'timeoutMs', timeoutMs, 30000);
      if (problems.length > 0) return Promise.reject(inputError('ready options', problems));
      return new Promise<ReadyResult>((resolve) => {
        const finish = (status: ReadyStatus, error?: RelayError | null): void => {
          waiters.delete(check);
          clearTimeout(deadline);
          const result: ReadyResult = { status, ...best() };
          if (error) result.error = { code: error.code, message: error.message };
          resolve(result);
        };
        const check = (): void => {
          if (destroyed) finish('error', new RelayError('DESTROYED', 'destroyed'));
          else if (failure) finish(failure.code === 'CONNECTION_TIMEOUT' ? 'blocked' : 'error', failure);
          else if (!batch && !inFlight && settled) finish(lastError ? 'error' : 'fresh', lastError);
        };
        const deadline = setTimeout(
          () => finish('timeout', new RelayError('CALL_TIMEOUT', `no fresh segments within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.add(check);
        check();
      });
    },
    getSegments() {
      return best().segments;
    },
    on(event, listener) {
      checkListener(event, listener);
      listeners.add(listener);
      if (latest) {
        const event = best();
        queueMicrotask(() => {
          if (listeners.has(listener)) safely(listener, event);
        });
      }
      return () => listeners.delete(listener);
    },
    off(event, listener) {
      checkListener(event, listener);
      listeners.delete(listener);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearTimeout(connectTimer);
      connection.stop();
      listeners.clear();
      notify();
    },
  };
}

/** `on`/`off` take the event name `segments` and a function. */
export function checkListener(event: unknown, listener: unknown): void {
  if (event !== 'segments' || typeof listener !== 'function') throw inputError('listener', ['expected ("segments", function)']);
}


/** A publisher's callback that throws must not break the tag or other callbacks. */
function safely(listener: SegmentsListener, event: SegmentsEvent): void {
  try {
    listener(event);
  } catch (error) {
    console.error('[audience-relay] a segments listener threw:', error);
  }
}
