import { MAX_POST_BODY, RelayError, buildEventQuery, encodeBootCall, isRecord, own, type Caller, type EventParams, type EventResult } from '@audience-relay/protocol';
import { createConnection } from './bridge/connection';
import { checkMs } from './check';
import { validateConfig } from './config';
import { createConsentGate } from './consent/gate';
import { NO_CMP } from './consent/consent';
import { createDebugStream, CALL_TIMEOUT_MS } from './debug/stream';
import { EVENTS, createEmitter } from './emitter';
import { FULL, inputError, readable } from './errors';
import { createCallQueue, type Command, type QueuedCall } from './queue';
import { createReadiness, type Verdict } from './ready';
import { safely } from './safely';
import { normalizeDeclaredIds, normalizeSignals, normalizeTraitIds } from './signals';
import type { DeviceIdStore, Outputs, PageContext, RelayServices, SegmentCache } from './services';
import type { AudienceRelay, AudienceRelayConfig, DebugTools, PageViewOptions, RelayEventName, SegmentsEvent, SegmentsListener } from './types';

export const EMPTY: SegmentsEvent = { segments: [], traits: [], uuid: null, identity: { source: 'none', partitioned: null }, cached: false };
/** No device-ID copy (COPPA) or no segment cache (`cacheMaxAgeMs: 0`). */
const NOTHING_STORED: DeviceIdStore & SegmentCache = { read: () => null, write: () => {}, clear: () => {} };
const NO_OUTPUTS: Outputs = { segments: () => {}, cookies: () => {} };
const NO_PAGE: PageContext = { url: () => '', onRouteChange: () => () => {}, onRestore: () => () => {} };

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
 * A relay over the bridge that `services.bridge` makes for the validated config. It wires
 * the tag's parts: the consent gate (`consent/gate.ts`), the one queue of event calls
 * (`queue.ts`, one call in flight), the frame connection (`bridge/connection.ts`), `ready`
 * deadlines (`ready.ts`), listeners (`emitter.ts`) and the debug stream (`debug/stream.ts`).
 * Cached segments are served at once and fresh ones when they come, to the outputs too.
 *
 * Nothing is read from or written to storage, and the frame is not even mounted, until the
 * page's consent is granted; commands queue meanwhile. Consent withdrawn later stops the
 * calls and forgets what we stored. An opted-out browser never starts.
 */
export function createRelay(input: AudienceRelayConfig, services: RelayServices): AudienceRelay {
  const config = readable('config', () => validateConfig(input, services.validateOutputs));
  const page = services.page ?? NO_PAGE;
  const bridge = services.bridge(config);
  const deviceIds = config.coppa ? NOTHING_STORED : (services.deviceIds?.(config) ?? NOTHING_STORED);
  const cache = config.cacheMaxAgeMs > 0 ? (services.cache?.(config) ?? NOTHING_STORED) : NOTHING_STORED;
  const outputs = services.outputs?.(config) ?? NO_OUTPUTS;
  const optOutStore = services.optOut?.(config);
  const emitter = createEmitter();
  const stream = createDebugStream((event) => emitter.emit('debug', event));
  const queue = createCallQueue();
  let declared: EventParams['ids'] = [];
  // The first call, sent in the frame URL (the boot call) and asked for once the frame connects.
  let booting: { call: QueuedCall; params: EventParams } | null = null;
  let inFlight = false;
  let version = 1;
  // The best segments so far (fresh, else cached); whether a call was answered; the last error.
  let latest: SegmentsEvent | null = null;
  let settled = false;
  let lastError: RelayError | null = null;
  // Calls lost (the queue full) on this page view, reported by `ready`.
  let dropped = 0;
  let lossError: RelayError | null = null;
  let destroyed = false;
  let started = false;
  let optedOut = optOutStore?.read() ?? false;
  // Set while `optOut()` waits for a connection to send the DCS opt-out on.
  let sendOptOut: ((caller: Caller) => void) | null = null;
  let tools: Promise<DebugTools> | null = null;
  let lastUrl = pageUrl(page.url());
  // The first page view always makes an event call, even with no signals: it returns the
  // visitor's segments from the profile.
  queue.add({ pageView: { url: lastUrl } });

  const allowed = (): boolean => gate.state === 'open' && !optedOut && !destroyed;
  const connection = createConnection(bridge, config.connectTimeoutMs, {
    connected(caller, negotiated, again) {
      version = negotiated;
      emitter.emit(again ? 'reconnected' : 'connected', { type: again ? 'reconnected' : 'connected' });
      if (sendOptOut) sendOptOut(caller);
      else pump();
    },
    // A frame that made the boot call gets the boot request with the connect, not after it.
    opened(caller, negotiated) {
      if (!booting || negotiated < 2) return;
      version = negotiated;
      pump(caller);
    },
    lost: () => emitter.emit('lost', { type: 'lost' }),
    failed: () => readiness.notify(),
  });
  const gate = createConsentGate({ ...NO_CMP, state: 'pending' }, config.consent.timeoutMs, {
    opened: () => allowed() && start(),
    withdrawn: forget,
    changed(consent) {
      emitter.emit('debug', { type: 'consent', consent });
      readiness.notify();
    },
  });
  const readiness = createReadiness(verdict, (timeoutMs) => {
    if (gate.state !== 'open') return { status: 'no-consent', error: noConsent() };
    return { status: latest?.cached ? 'cached' : 'timeout', error: new RelayError('CALL_TIMEOUT', FULL ? `no fresh segments within ${timeoutMs} ms` : '') };
  }, best);

  /** The one verdict of every `ready` call, while it waits; null to wait on. */
  function verdict(): Verdict | null {
    if (destroyed) return { status: 'error', error: new RelayError('DESTROYED', FULL ? 'destroyed' : '') };
    if (optedOut) return { status: 'opted-out', error: new RelayError('OPTED_OUT', FULL ? 'this browser opted out' : '') };
    if (gate.state === 'closed' || gate.state === 'late') return { status: 'no-consent', error: noConsent() };
    if (connection.failure) return { status: connection.failure.code === 'CONNECTION_TIMEOUT' ? 'blocked' : 'error', error: connection.failure };
    if (queue.length > 0 || booting || inFlight || !settled) return null;
    const error = lastError ?? lossError;
    return { status: error ? 'error' : 'fresh', error };
  }

  /** The gate opened: the cache, the frame, the queued calls. */
  function start(): void {
    if (started) return pump();
    started = true;
    const cachedSegments = cache.read();
    if (cachedSegments) update({ ...EMPTY, segments: cachedSegments, cached: true });
    // The frame is mounted once the calls queued with `config` have run (a microtask), so its
    // URL can carry the first event call (the boot call): the frame makes it during the handshake.
    queueMicrotask(mount);
  }

  function mount(): void {
    // Consent withdrawn or opted out within the microtask: a later grant starts again.
    if (!allowed()) return void (started = false);
    let bootCall: string | null = null;
    const first = queue.take();
    if (first) {
      const sent = params(first);
      // A new id per page: the frame makes the boot call once per id, however often its
      // element is moved (and so reloaded) in the DOM.
      bootCall = encodeBootCall(sent, Math.random().toString(36).slice(2));
      if (bootCall) booting = { call: first, params: sent };
      else queue.putBack(first);
    }
    connection.open(bootCall);
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
  // Hidden with calls still queued (the frame down or slow, a call in flight): what the frame
  // never got goes out now, in order, one fire-and-forget call each, since the page may never
  // run again. Once the browser refuses one (the beacon quota, 64 KiB in flight), it and the
  // rest stay queued, in order, for the frame if the page runs again (a tab switch).
  const stopHideWatch = page.onHide?.(flush) ?? (() => {});

  function flush(): void {
    if (!allowed() || !services.beacon) return;
    // A boot call the frame never got to make (it never connected) goes first.
    if (booting && connection.state !== 'connected') {
      queue.putBack(booting.call);
      booting = null;
    }
    for (let call = queue.take(); call; call = queue.take()) {
      const sent = params(call);
      let body = '';
      try {
        body = buildEventQuery({ params: sent, deviceId: sent.uuid });
      } catch {
        // Unencodable (validation keeps this from happening): kept queued, like a refused one.
      }
      if (!body || body.length > MAX_POST_BODY || !services.beacon(`${config.dcsOrigin}/event`, body)) {
        queue.putBack(call);
        return;
      }
      emitter.emit('debug', { type: 'beacon', params: sent });
    }
  }

  function drop(sent: EventParams, reason: string): void {
    dropped++;
    lossError = new RelayError('QUEUE_FULL', `${dropped}${FULL ? ` event call(s) lost: ${reason}` : ''}`);
    emitter.emit('debug', { type: 'dropped', params: sent, reason });
    readiness.notify();
  }

  function add(command: Command): void {
    if (destroyed) return;
    if (!queue.add(command)) {
      const { signals = {}, traits = [] } = command;
      drop(params({ signals, traits: [...traits], url: command.pageView?.url ?? null, pageView: !!command.pageView }), 'more than 100 event calls were waiting');
      return;
    }
    // Deferred to a microtask so every call made in this tick joins one event call.
    queueMicrotask(pump);
  }

  function pageView(url = page.url()): void {
    lastUrl = pageUrl(url);
    // A new page view: a loss reported on the last one is not this one's.
    lossError = null;
    add({ pageView: { url: lastUrl } });
  }

  function params(call: QueuedCall): EventParams {
    const { state: _, ...privacy } = gate.consent;
    return { signals: call.signals, traits: call.traits, url: call.url, ids: declared, uuid: deviceIds.read(), coppa: config.coppa, privacy, ...(config.ecid ? { ecid: config.ecid } : {}) };
  }

  function pump(via: Caller | null = connection.caller): void {
    if (!via || inFlight || !allowed()) return;
    const current = via;
    // The boot call first: its answer (version 2 frames made it already), else as a plain call.
    const boot = booting;
    const call = boot ? boot.call : queue.take();
    if (!call) return;
    const sending = boot ? boot.params : params(call);
    const method = boot && version > 1 ? 'boot' : 'event';
    booting = null;
    inFlight = true;
    stream
      .send(current, sending, method)
      .then(answered, (error: RelayError) => {
        if (error.code === 'DESTROYED' && !destroyed) {
          // The frame reloaded mid-call: that port is dead. Put the call back; it goes out
          // once, on the port of the next connection.
          connection.drop(current);
          queue.putBack(call);
        } else {
          lastError = error;
          settled = true;
        }
      })
      .finally(() => {
        inFlight = false;
        pump();
        readiness.notify();
      })
      .catch(reportNothing);
  }

  function answered(result: EventResult): void {
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
      if (allowed()) safely(() => cache.write(result.segments));
    });
  }

  /** New best segments: to the outputs, then to the page's listeners, each isolated from the others. */
  function update(event: SegmentsEvent): void {
    latest = event;
    safely(() => outputs.segments(structuredClone(event)));
    emitter.emit('segments', event);
  }

  /** The best segments available, as a copy the page may change freely. */
  function best(): SegmentsEvent {
    return structuredClone(latest ?? EMPTY);
  }

  const relay: AudienceRelay = {
    config,
    signals(signals) {
      add({ signals: normalizeSignals(signals) });
    },
    traits(ids) {
      add({ traits: normalizeTraitIds(ids) });
    },
    ids(input) {
      const added = normalizeDeclaredIds(input);
      // A newer ID for the same data source replaces the older one.
      declared = [...declared.filter((d) => !added.some((a) => a.source === d.source)), ...added].slice(-10);
      add({});
    },
    pageView(options) {
      pageView(checkPageView(options));
    },
    ready(options) {
      return readiness.wait(checkReadyOptions(options) ?? config.timeoutMs);
    },
    getSegments() {
      return best().segments;
    },
    on(event, listener) {
      checkListener(event, listener);
      emitter.add(event, listener);
      if (event === 'segments' && latest) {
        const current = best();
        queueMicrotask(() => {
          if (emitter.has('segments', listener as SegmentsListener)) safely(() => (listener as SegmentsListener)(current));
        });
      }
      return () => relay.off(event, listener);
    },
    off(event, listener) {
      checkListener(event, listener);
      emitter.remove(event, listener);
    },
    optOut() {
      if (optedOut) return Promise.resolve();
      optedOut = true;
      safely(() => optOutStore?.write());
      queue.drain();
      booting = null;
      forget();
      readiness.notify();
      return new Promise<void>((resolve) => {
        const end = (): void => {
          clearTimeout(timer);
          sendOptOut = null;
          connection.stop();
          resolve();
        };
        const timer = setTimeout(end, CALL_TIMEOUT_MS);
        sendOptOut = (next) => void stream.send(next, params({ signals: {}, traits: [], url: null, pageView: false }), 'optOut').then(end, end);
        if (connection.caller) sendOptOut(connection.caller);
        else if (connection.state === 'idle' || connection.failure) end();
      });
    },
    snapshot() {
      const error = (e: RelayError | null) => (e ? { code: e.code, message: e.message } : null);
      return structuredClone({
        partner: config.partner,
        dcsOrigin: config.dcsOrigin,
        frameUrl: config.frameUrl,
        consent: gate.consent,
        consentLate: gate.late,
        optedOut,
        frame: connection.state,
        failure: error(connection.failure),
        lastError: error(lastError ?? lossError),
        calls: stream.calls,
        inFlight,
        queued: !!(queue.length || booting),
        queueLength: queue.length + (booting ? 1 : 0),
        dropped,
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
      gate.stop();
      connection.stop();
      safely(stopConsent);
      safely(stopRouteWatch);
      safely(stopRestoreWatch);
      safely(stopHideWatch);
      emitter.clear();
      readiness.notify();
    },
  };

  function debugTools(): Promise<DebugTools> {
    tools ??= services.debugTools?.() ?? Promise.reject(new Error(FULL ? '[audience-relay] no debug tools in this build' : 'DEBUG_TOOLS'));
    // A failed load may be retried by the next call.
    tools.catch(() => (tools = null));
    return tools;
  }

  function noConsent(): RelayError {
    return new RelayError('NO_CONSENT', !FULL ? gate.state : gate.state === 'closed' ? "the page's consent does not allow it" : `no consent within ${config.consent.timeoutMs} ms`);
  }

  const watching = services.consent ? services.consent(config, (next) => gate.update(next)) : gate.update(NO_CMP);
  const stopConsent = typeof watching === 'function' ? watching : () => {};
  return relay;
}

function reportNothing(): void {
  // `pump`'s chain ends here: every step above handles its own failures.
}

/** `pageView` takes nothing, or `{ url }` with an http(s) URL; returns that URL, read once. */
export function checkPageView(options: unknown): string | undefined {
  return readable('pageView', () => {
    const url = own(options, 'url');
    const ok = options === undefined || (isRecord(options) && (url === undefined || (typeof url === 'string' && pageUrl(url) !== null)));
    if (!ok) throw inputError('pageView', [FULL ? 'expected nothing or { url } with an http(s) URL' : 'url']);
    return url as string | undefined;
  });
}

/** `ready` takes nothing, or `{ timeoutMs }` of 1 to 30000 ms; returns that deadline, read once. */
export function checkReadyOptions(options: unknown): number | undefined {
  return readable('ready options', () => {
    const problems: string[] = [];
    const timeoutMs = own(options, 'timeoutMs');
    if (options !== undefined && !isRecord(options)) problems.push(FULL ? 'expected nothing or { timeoutMs }' : 'options');
    else if (timeoutMs !== undefined) checkMs(problems, 'timeoutMs', timeoutMs, 30000);
    if (problems.length > 0) throw inputError('ready options', problems);
    return timeoutMs as number | undefined;
  });
}

/** `on`/`off` take a known event name and a function. */
export function checkListener(event: unknown, listener: unknown): asserts event is RelayEventName {
  if (!EVENTS.includes(event as RelayEventName) || typeof listener !== 'function') {
    throw inputError('listener', [FULL ? `expected (${EVENTS.map((e) => `"${e}"`).join(' | ')}, function)` : 'arguments']);
  }
}
