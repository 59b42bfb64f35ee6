import {
  MAX_POST_BODY,
  RelayError,
  buildEventQuery,
  encodeBootCall,
  isRecord,
  own,
  type Caller,
  type CookieDestination,
  type DeclaredId,
  type EventParams,
  type EventResult,
  type Identity,
  type WireSignals,
} from '@audience-relay/protocol';
import type { Consent } from './consent/consent';
import { NO_CMP } from './consent/consent';
import type { DeviceIdStore } from './device-id-cookie';
import type { OptOutStore } from './opt-out-cookie';
import type { CallRecord, DebugEvent, DebugTools, Diagnosis, RelaySnapshot } from './debug/types';

export type { CallRecord, DebugEvent, DebugTools, Diagnosis, DiagnosisReason, RelaySnapshot } from './debug/types';
import { checkMs, validateConfig, type AudienceRelayConfig, type NormalizedConfig, type OutputsValidator } from './config';
import { inputError } from './errors';
import { safely } from './safely';
import { NO_CACHE, type SegmentCache } from './segment-cache';
import { normalizeDeclaredIds, normalizeSignals, normalizeTraitIds, type DeclaredIdInput, type Signals } from './signals';

/** Deadline of one request on the port; above the frame's DCS timeout so the frame's typed error wins. */
const CALL_TIMEOUT_MS = 5000;

/**
 * Why `ready` settled as it did: `fresh` from the DCS for this page view; `cached` from the
 * first-party cache because the deadline came first; `timeout` with nothing better; `blocked`
 * when the frame never connected; `no-consent` when the page's CMP refused or has not
 * answered (nothing was stored or sent); `opted-out` after `optOut()` on this browser;
 * `error` with the error.
 */
export type ReadyStatus = 'fresh' | 'cached' | 'timeout' | 'blocked' | 'no-consent' | 'opted-out' | 'error';

export interface SegmentsEvent {
  /** Segment IDs the visitor qualifies for, as strings. */
  segments: string[];
  /** Trait IDs realized by the last event call (empty for cached segments). */
  traits: number[];
  /** The DCS device ID (38 digits), or null when the DCS gave none. */
  uuid: string | null;
  /** Where the device ID came from, and whether the frame's storage is partitioned. */
  identity: Identity;
  /** True when the segments come from the first-party cache (a previous page), not the DCS. */
  cached: boolean;
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

export interface PageViewOptions {
  /** The new page URL. Default: `location.href` now. */
  url?: string;
}

/** Connection events: the frame connected, its connection was lost (it reloaded), or came back. */
export interface ConnectionEvent {
  type: 'connected' | 'lost' | 'reconnected';
}

export interface RelayEvents {
  segments: SegmentsEvent;
  connected: ConnectionEvent;
  lost: ConnectionEvent;
  reconnected: ConnectionEvent;
  debug: DebugEvent;
}
export type RelayEventName = keyof RelayEvents;
export type RelayListener<K extends RelayEventName> = (event: RelayEvents[K]) => void;
export type SegmentsListener = RelayListener<'segments'>;

/** One partner's connection from this page to its DCS. */
export interface AudienceRelay {
  readonly config: Readonly<NormalizedConfig>;
  /** Adds page signals to the next event call; calls in the same tick share one call. */
  signals(signals: Signals): void;
  /** Realizes trait IDs (`d_sid`) in the next event call. */
  traits(ids: number | readonly number[]): void;
  /** Declares customer IDs (`d_cid`, `d_cid_ic`); they go with every later event call of this page. */
  ids(ids: DeclaredIdInput | readonly DeclaredIdInput[]): void;
  /** A new page view (single-page app route change): one event call with the new URL. */
  pageView(options?: PageViewOptions): void;
  /** Settles by its deadline, never rejects: fresh segments, or the best available and why not fresh. */
  ready(options?: ReadyOptions): Promise<ReadyResult>;
  /** The best segments available now (fresh, else cached), or an empty list. */
  getSegments(): string[];
  /**
   * `segments`: every update, fresh or cached, and at once the current one if any.
   * `connected` / `lost` / `reconnected`: the frame connection. Returns the unsubscribe.
   */
  on<K extends RelayEventName>(event: K, listener: RelayListener<K>): () => void;
  off<K extends RelayEventName>(event: K, listener: RelayListener<K>): void;
  /**
   * Opts this browser out: calls the DCS opt-out (for the device and the declared IDs),
   * clears our first-party cookies, cache and targeting, and stops every later call, on
   * this page and the next ones. Settles once the DCS call has settled or timed out.
   */
  optOut(): Promise<void>;
  /** The relay's state now (consent, frame, calls, segments): what `diagnose()` reads. */
  snapshot(): RelaySnapshot;
  /** Why the segments are what they are (empty, cached…), in words; loads the debug tools on demand. */
  diagnose(): Promise<Diagnosis>;
  /** Opens the debug panel (also `?audience-relay-debug` in the page URL); loads it on demand. */
  debug(): Promise<void>;
  /** Removes the frame and listeners; pending `ready` calls settle with `error`. */
  destroy(): void;
}

/** How the relay reaches the frame; the browser version mounts the iframe (see `browser-bridge.ts`). */
export interface BridgeConnector {
  /** Mounts the frame; `bootCall` (an encoded first event call) goes in its URL fragment. */
  connect(
    handlers: {
      onConnect(caller: Caller, version: number): void;
      onFail(error: RelayError): void;
      onLost?(): void;
      /** The port is offered; the boot request may go at once (see `bridge-client.ts`). */
      onOpen?(caller: Caller, version: number): void;
    },
    bootCall?: string | null,
  ): { stop(): void };
}

/** Where segments go besides the API: GPT, Prebid, cookies, dataLayer… (see `outputs/`). */
export interface Outputs {
  segments(event: SegmentsEvent): void;
  cookies(cookies: readonly CookieDestination[]): void;
}

/** The page the relay lives on: its URL, route changes (SPA), back/forward cache restores, hiding. */
export interface PageContext {
  url(): string;
  onRouteChange(listener: () => void): () => void;
  onRestore(listener: () => void): () => void;
  /** The page is hidden, and may never run again (tab closed, navigation, app switched). */
  onHide?(listener: () => void): () => void;
}

export interface RelayServices {
  /** Validates the `outputs` section with the rest of the config (npm build). */
  validateOutputs?: OutputsValidator;
  bridge(config: NormalizedConfig): BridgeConnector;
  /** Removes the cookie destinations written on this site (consent withdrawn, opt-out). */
  clearCookies?(config: NormalizedConfig): void;
  /** The first-party store of the device ID (never used under COPPA). */
  deviceIds?(config: NormalizedConfig): DeviceIdStore;
  cache?(config: NormalizedConfig): SegmentCache;
  outputs?(config: NormalizedConfig): Outputs;
  page?: PageContext;
  /** Watches the page's consent and reports every change; without it, consent is granted. */
  consent?(config: NormalizedConfig, onChange: (consent: Consent) => void): void;
  /** Where the opt-out of this browser is kept. */
  optOut?(config: NormalizedConfig): OptOutStore;
  /**
   * Sends one fire-and-forget event call from the page itself (`navigator.sendBeacon`), for
   * signals still queued when the page is hidden; false when the browser refused it.
   */
  beacon?(url: string, body: string): boolean;
  /** The debug tools (diagnosis, panel): bundled in the npm build, loaded on demand by the CDN tag. */
  debugTools?(): Promise<DebugTools>;
}

export const EMPTY: SegmentsEvent = { segments: [], traits: [], uuid: null, identity: { source: 'none', partitioned: null }, cached: false };
const NO_DEVICE_IDS: DeviceIdStore = { read: () => null, write: () => {}, clear: () => {} };
const NO_OUTPUTS: Outputs = { segments: () => {}, cookies: () => {} };
const NO_PAGE: PageContext = { url: () => '', onRouteChange: () => () => {}, onRestore: () => () => {} };
export const EVENTS: readonly RelayEventName[] = ['segments', 'connected', 'lost', 'reconnected', 'debug'];

type Batch = Pick<EventParams, 'signals' | 'traits'> & { url: string | null };

/** The URL as sent to the DCS: no query or fragment, which may carry personal data. */
export function pageUrl(href: string): string | null {
  try {
    const url = new URL(href);
    return /^https?:$/.test(url.protocol) ? url.origin + url.pathname : null;
  } catch {
    return null;
  }
}

/**
 * A relay over the bridge that `services.bridge` makes for the validated config: batches
 * commands into event calls (one in flight), serves cached segments at once and fresh ones
 * when they come, hands both to the outputs, and settles every `ready` by its deadline.
 *
 * Nothing is read from or written to storage, and the frame is not even mounted, until the
 * page's consent is granted; commands queue meanwhile. Consent withdrawn later stops the
 * calls and forgets what we stored. An opted-out browser never starts.
 */
export function createRelay(input: AudienceRelayConfig, services: RelayServices): AudienceRelay {
  const config = validateConfig(input, services.validateOutputs);
  const page = services.page ?? NO_PAGE;
  const bridge = services.bridge(config);
  const deviceIds = config.coppa ? NO_DEVICE_IDS : (services.deviceIds?.(config) ?? NO_DEVICE_IDS);
  const cache = config.cacheMaxAgeMs > 0 ? (services.cache?.(config) ?? NO_CACHE) : NO_CACHE;
  const outputs = services.outputs?.(config) ?? NO_OUTPUTS;
  const optOutStore = services.optOut?.(config);
  const listeners = Object.fromEntries(EVENTS.map((name) => [name, new Set()])) as { [K in RelayEventName]: Set<RelayListener<K>> };
  const waiters = new Set<() => void>();
  let caller: Caller | null = null;
  let everConnected = false;
  let failure: RelayError | null = null;
  // The first page view always makes an event call, even with no signals: it returns the
  // visitor's segments from the profile.
  let batch: Batch | null = { signals: {}, traits: [], url: pageUrl(page.url()) };
  let declared: DeclaredId[] = [];
  let inFlight = false;
  // The best segments so far (fresh, else cached), and whether the last call failed since.
  let latest: SegmentsEvent | null = null;
  let settled = false;
  let lastError: RelayError | null = null;
  let destroyed = false;
  let lastUrl = batch.url;
  let consent: Consent = services.consent ? { ...NO_CMP, state: 'pending' } : NO_CMP;
  let consentLate = false;
  let optedOut = optOutStore?.read() ?? false;
  // Set while `optOut()` waits for a connection to send the DCS opt-out on.
  let sendOptOut: ((caller: Caller) => void) | null = null;
  let connectTimer: ReturnType<typeof setTimeout> | undefined;
  let connection: { stop(): void } | null = null;
  // The first call, sent in the frame URL (the boot call) and asked for once the frame connects.
  let booting: EventParams | null = null;
  let started = false;
  let version = 1;
  let calls = 0;
  let tools: Promise<DebugTools> | null = null;
  const consentTimer = setTimeout(() => {
    consentLate = true;
    notify();
  }, config.consent.timeoutMs);

  /** Consent granted for the first time: the cache, the frame, the queued commands. */
  function start(): void {
    if (started) return pump();
    started = true;
    const cachedSegments = cache.read();
    if (cachedSegments) update({ ...EMPTY, segments: cachedSegments, cached: true });
    connectTimer = setTimeout(() => {
      if (!caller) fail(new RelayError('CONNECTION_TIMEOUT', `the DCS frame did not connect within ${config.connectTimeoutMs} ms`));
    }, config.connectTimeoutMs);
    // The frame is mounted once the calls queued with `config` have run (a microtask), so its
    // URL can carry the first event call (the boot call): the frame makes it during the handshake.
    queueMicrotask(mount);
  }

  function mount(): void {
    if (!allowed()) {
      // Consent withdrawn or opted out within the microtask: a later grant starts again.
      clearTimeout(connectTimer);
      started = false;
      return;
    }
    let bootCall: string | null = null;
    if (batch) {
      const first = params(batch);
      bootCall = encodeBootCall(first);
      if (bootCall) {
        booting = first;
        batch = null;
      }
    }
    connection = bridge.connect({
      onConnect(next, negotiated) {
        clearTimeout(connectTimer);
        caller = next;
        version = negotiated;
        failure = null;
        emit(everConnected ? 'reconnected' : 'connected', { type: everConnected ? 'reconnected' : 'connected' });
        everConnected = true;
        if (sendOptOut) sendOptOut(next);
        else pump();
      },
      onFail: fail,
      onLost() {
        caller = null;
        emit('lost', { type: 'lost' });
      },
      // A frame that made the boot call gets the boot request with the connect, not after it.
      onOpen(next, negotiated) {
        if (!booting || negotiated < 2) return;
        version = negotiated;
        pump(next);
      },
    }, bootCall);
  }

  function onConsent(next: Consent): void {
    const was = consent.state;
    consent = next;
    emit('debug', { type: 'consent', consent: next });
    if (destroyed || optedOut) return;
    if (next.state === 'granted') start();
    else if (was === 'granted' && next.state === 'denied') forget();
    notify();
  }

  /** Consent withdrawn or opted out: what we stored goes (cookie destinations too), and the outputs are cleared. */
  function forget(): void {
    cache.clear();
    deviceIds.clear();
    services.clearCookies?.(config);
    if (latest) update(EMPTY);
  }
  const stopRouteWatch = config.autoPageView
    ? page.onRouteChange(() => {
        if (pageUrl(page.url()) !== lastUrl) pageView();
      })
    : () => {};
  // A page restored from the back/forward cache shows its old state: hand the segments out again.
  const stopRestoreWatch = page.onRestore(() => {
    if (latest) update(latest);
  });
  // Hidden with signals still queued (the frame down or slow, a call in flight): they go out
  // now as one fire-and-forget call, size-capped, since the page may never run again.
  const stopHideWatch =
    page.onHide?.(() => {
      // A boot call the frame never got to make (it never said hello) joins the queued signals.
      if (booting && !everConnected) {
        const later = batch;
        batch = null;
        enqueue(booting.signals, booting.traits, booting.url);
        booting = null;
        if (later) enqueue(later.signals, later.traits, later.url ?? undefined);
      }
      if (!batch || !allowed() || !services.beacon) return;
      const sent = params(batch);
      const body = buildEventQuery({ params: sent, deviceId: sent.uuid });
      if (body.length <= MAX_POST_BODY && services.beacon(`${config.dcsOrigin}/event`, body)) {
        batch = null;
        emit('debug', { type: 'beacon', params: sent });
      }
    }) ?? (() => {});

  function fail(error: RelayError): void {
    clearTimeout(connectTimer);
    failure = error;
    notify();
  }

  function notify(): void {
    for (const check of [...waiters]) check();
  }

  function enqueue(signals: WireSignals, traits: readonly number[], url?: string | null): void {
    if (destroyed) return;
    const pending = batch ?? { signals: {}, traits: [], url: null };
    Object.assign(pending.signals, signals);
    for (const id of traits) if (!pending.traits.includes(id)) pending.traits.push(id);
    if (url !== undefined) pending.url = url;
    batch = pending;
    // Deferred to a microtask so every call made in this tick joins one event call.
    queueMicrotask(pump);
  }

  function pageView(url = page.url()): void {
    lastUrl = pageUrl(url);
    enqueue({}, [], lastUrl);
  }

  /** One request to the frame, told to the debug stream when sent and when answered. */
  function send(to: Caller, sent: EventParams, method: CallRecord['method']): Promise<EventResult> {
    const call: CallRecord = { id: ++calls, method, params: sent, sentAt: Date.now() };
    emit('debug', { type: 'sent', call });
    const answered = (patch: Partial<CallRecord>): void => emit('debug', { type: 'answered', call: { ...call, durationMs: Date.now() - call.sentAt, ...patch } });
    return to.call(sent, CALL_TIMEOUT_MS, method).then(
      (result) => {
        const { cookies: _, ...shown } = result;
        answered({ result: shown });
        return result;
      },
      (error: RelayError) => {
        answered({ error: { code: error.code, message: error.message } });
        throw error;
      },
    );
  }

  function allowed(): boolean {
    return consent.state === 'granted' && !optedOut && !destroyed;
  }

  function params(batched: Batch): EventParams {
    const { state: _, ...privacy } = consent;
    return { ...batched, ids: declared, uuid: deviceIds.read(), coppa: config.coppa, privacy, ...(config.ecid ? { ecid: config.ecid } : {}) };
  }

  function pump(via: Caller | null = caller): void {
    if (!via || inFlight || !(booting || batch) || !allowed()) return;
    const current = via;
    // The boot call first: its answer (version 2 frames made it already), else as a plain call.
    const sending = booting ?? params(batch!);
    const method = booting && version > 1 ? 'boot' : 'event';
    if (booting) booting = null;
    else batch = null;
    inFlight = true;
    send(current, sending, method).then(
      (result: EventResult) => {
        // Consent withdrawn or opted out while the call was in flight: keep nothing.
        if (!allowed()) return;
        // The device ID at once: the next call must carry it.
        if (result.uuid) deviceIds.write(result.uuid);
        lastError = null;
        settled = true;
        // Cookie destinations before the segments: a page's cookie output of the same name wins.
        safely(() => outputs.cookies(result.cookies));
        const { cookies: _, ...event } = result;
        update({ ...event, cached: false });
        // The cache (for later pages) waits for the next task, so `ready`'s callbacks (the ad
        // call) run first: a storage write is a round trip to the browser.
        setTimeout(() => {
          if (allowed()) cache.write(result.segments);
        });
      },
      (error: RelayError) => {
        if (error.code === 'DESTROYED' && !destroyed) {
          // The frame reloaded mid-call: that port is dead. Put the request back; it goes out
          // once, on the port of the next connection.
          if (caller === current) caller = null;
          enqueue(sending.signals, sending.traits, sending.url);
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

  /** New best segments: to the outputs, then to the page's listeners, each isolated from the others. */
  function update(event: SegmentsEvent): void {
    latest = event;
    safely(() => outputs.segments(structuredClone(event)));
    emit('segments', event);
  }

  function emit<K extends RelayEventName>(name: K, event: RelayEvents[K]): void {
    for (const listener of [...listeners[name]]) safely(() => listener(structuredClone(event)));
  }

  /** The best segments available, as a copy the page may change freely. */
  function best(): SegmentsEvent {
    return structuredClone(latest ?? EMPTY);
  }

  const relay: AudienceRelay = {
    config,
    signals(signals) {
      enqueue(normalizeSignals(signals), []);
    },
    traits(ids) {
      enqueue({}, normalizeTraitIds(ids));
    },
    ids(input) {
      const added = normalizeDeclaredIds(input);
      // A newer ID for the same data source replaces the older one.
      declared = [...declared.filter((d) => !added.some((a) => a.source === d.source)), ...added].slice(-10);
      enqueue({}, []);
    },
    pageView(options) {
      checkPageView(options);
      pageView(options?.url);
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
          else if (optedOut) finish('opted-out', new RelayError('OPTED_OUT', 'this browser opted out'));
          else if (consent.state === 'denied' || (consent.state === 'pending' && consentLate)) finish('no-consent', noConsent());
          else if (failure) finish(failure.code === 'CONNECTION_TIMEOUT' ? 'blocked' : 'error', failure);
          else if (!batch && !inFlight && settled) finish(lastError ? 'error' : 'fresh', lastError);
        };
        const deadline = setTimeout(() => {
          if (consent.state !== 'granted') return finish('no-consent', noConsent());
          const error = new RelayError('CALL_TIMEOUT', `no fresh segments within ${timeoutMs} ms`);
          finish(latest?.cached ? 'cached' : 'timeout', error);
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    getSegments() {
      return best().segments;
    },
    on(event, listener) {
      checkListener(event, listener);
      listeners[event].add(listener);
      if (event === 'segments' && latest) {
        const current = best();
        queueMicrotask(() => {
          if (listeners.segments.has(listener as SegmentsListener)) safely(() => (listener as SegmentsListener)(current));
        });
      }
      return () => relay.off(event, listener);
    },
    off(event, listener) {
      checkListener(event, listener);
      listeners[event].delete(listener);
    },
    optOut() {
      if (optedOut) return Promise.resolve();
      optedOut = true;
      optOutStore?.write();
      batch = null;
      booting = null;
      forget();
      notify();
      return new Promise<void>((resolve) => {
        const end = (): void => {
          clearTimeout(timer);
          sendOptOut = null;
          connection?.stop();
          caller = null;
          resolve();
        };
        const timer = setTimeout(end, CALL_TIMEOUT_MS);
        sendOptOut = (next) => void send(next, params({ signals: {}, traits: [], url: null }), 'optOut').then(end, end);
        if (caller) sendOptOut(caller);
        else if (!connection || failure) end();
      });
    },
    snapshot() {
      const error = (e: RelayError | null) => (e ? { code: e.code, message: e.message } : null);
      return structuredClone({
        partner: config.partner,
        dcsOrigin: config.dcsOrigin,
        frameUrl: config.frameUrl,
        consent,
        consentLate,
        optedOut,
        frame: caller ? 'connected' : failure ? 'failed' : connection ? 'connecting' : 'idle',
        failure: error(failure),
        lastError: error(lastError),
        calls,
        inFlight,
        queued: !!(batch || booting),
        latest,
        fresh: settled && !lastError && !latest?.cached,
      });
    },
    diagnose() {
      return debugTools().then((t) => t.diagnose(relay.snapshot()));
    },
    debug() {
      return debugTools().then((t) => t.panel(relay));
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearTimeout(connectTimer);
      clearTimeout(consentTimer);
      connection?.stop();
      stopRouteWatch();
      stopRestoreWatch();
      stopHideWatch();
      for (const set of Object.values(listeners)) set.clear();
      notify();
    },
  };
  function debugTools(): Promise<DebugTools> {
    tools ??= services.debugTools?.() ?? Promise.reject(new Error('[audience-relay] no debug tools in this build'));
    // A failed load may be retried by the next call.
    tools.catch(() => (tools = null));
    return tools;
  }

  function noConsent(): RelayError {
    return new RelayError('NO_CONSENT', consent.state === 'denied' ? "the page's consent does not allow it" : `no consent within ${config.consent.timeoutMs} ms`);
  }

  if (services.consent) services.consent(config, onConsent);
  else onConsent(NO_CMP);
  return relay;
}

/** `pageView` takes nothing, or `{ url }` with an http(s) URL. */
export function checkPageView(options: unknown): asserts options is PageViewOptions | undefined {
  const url = own(options, 'url');
  const ok = options === undefined || (isRecord(options) && (url === undefined || (typeof url === 'string' && pageUrl(url) !== null)));
  if (!ok) throw inputError('pageView', ['expected nothing or { url } with an http(s) URL']);
}

/** `on`/`off` take a known event name and a function. */
export function checkListener(event: unknown, listener: unknown): asserts event is RelayEventName {
  if (!EVENTS.includes(event as RelayEventName) || typeof listener !== 'function') {
    throw inputError('listener', [`expected (${EVENTS.map((e) => `"${e}"`).join(' | ')}, function)`]);
  }
}
