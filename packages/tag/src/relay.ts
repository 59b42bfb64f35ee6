import { type EventParams, NativePromise, type Privacy, RelayError } from '@audience-relay/protocol';
import { checkListener, checkPageView, checkReadyOptions } from './api-checks';
import { createConnection } from './bridge/connection';
import { validateConfig } from './config';
import { createConsentGate } from './consent/gate';
import { NO_CMP } from './consent/consent';
import { createDeclaredIds } from './declared-ids';
import { debugToolsLoader } from './debug/load-tools';
import { createDebugStream } from './debug/stream';
import { createEmitter } from './emitter';
import { readable } from './errors';
import { createEventCalls } from './event-calls';
import { createForgetting } from './forgetting';
import { createLifecycle } from './lifecycle';
import { noSegments } from './no-segments';
import { command, type Command, type QueuedCall } from './queue';
import { createOptOut } from './opt-out';
import { pageShown } from './page-shown';
import { createPageViews } from './page-views';
import { createReadiness, type Verdict } from './ready';
import { createSegmentsState } from './segments-state';
import { log, safely } from './safely';
import { normalizeSignals, normalizeTraitIds } from './signals';
import type { DeviceIdStore, Outputs, PageContext, RelayServices, SegmentCache } from './services';
import type { AudienceRelay, AudienceRelayConfig, SegmentsListener } from './types';
import { copy, microtask } from './platform';

/** No device-ID copy (COPPA) or no segment cache (`cacheMaxAgeMs: 0`). */
const NOTHING_STORED: DeviceIdStore & SegmentCache = { read: () => null, write: () => {}, clear: () => {} };
const NO_OUTPUTS: Outputs = { segments: () => {}, cookies: () => {} };
const NO_PAGE: PageContext = { url: () => '', onRouteChange: () => () => {}, onRestore: () => () => {} };

/**
 * A relay over the bridge that `services.bridge` makes for the validated config. It wires
 * the tag's parts, and keeps no state of its own: the consent gate (`consent/gate.ts`), the
 * event calls (`event-calls.ts`: one queue, one call in flight, the boot call, the page-hide
 * beacons), the frame connection (`bridge/connection.ts`), `ready` deadlines (`ready.ts`),
 * listeners (`emitter.ts`), the debug stream (`debug/stream.ts`), the best segments so far
 * (`segments-state.ts`), the opt-out (`opt-out.ts`), what goes when consent does
 * (`forgetting.ts`), the declared IDs (`declared-ids.ts`), the page views
 * (`page-views.ts`), whether it started or was destroyed (`lifecycle.ts`), the prerender wait
 * (`page-shown.ts`) and the debug tools' loader (`debug/load-tools.ts`).
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
  const emitter = createEmitter();
  const stream = createDebugStream((event) => emitter.emit('debug', event));
  const declared = createDeclaredIds();
  const segments = createSegmentsState(outputs, emitter, deviceIds, cache);
  const life = createLifecycle();
  const debugTools = debugToolsLoader(services.debugTools);
  // Prerendered: the frame is mounted and `ready`'s deadlines run once the page is shown.
  const shown = pageShown(page);

  const allowed = (): boolean => gate.state === 'open' && !optOut.elsewhere() && !life.destroyed;
  const connection = createConnection(bridge, config.connectTimeoutMs, {
    connected(caller, negotiated, again) {
      calls.connected(negotiated);
      emitter.emit(again ? 'reconnected' : 'connected', { type: again ? 'reconnected' : 'connected' });
      if (!optOut.connected(caller)) calls.pump();
    },
    // A frame that made the boot call gets the boot request with the connect, not after it.
    opened: (caller, negotiated) => calls.opened(caller, negotiated),
    lost: () => emitter.emit('lost', { type: 'lost' }),
    failed() {
      optOut.failed();
      readiness.notify();
      // The frame refused the page (another partner, another DCS, no common version): said on
      // the console as a refused config is, for a page that never reads `ready`. A frame that
      // did not connect in time is not: `diagnose` tells why, which the tag cannot.
      const failure = connection.failure;
      if (failure && failure.code !== 'CONNECTION_TIMEOUT') log(`[audience-relay] ${failure.message}`);
    },
  });
  const calls = createEventCalls({
    connection,
    stream,
    allowed,
    destroyed: () => life.destroyed,
    params,
    privacy,
    ids: () => declared.list,
    // A US opt-out of sale heard while the call was in flight: no cookie destination from its answer.
    answered: (result) => segments.answered(privacy().restricted ? { ...result, cookies: [] } : result, allowed),
    changed: () => readiness.notify(),
    // On another host of the site (the frame's storage is the site's): this origin remembers it too.
    optedOut: () => optOut.heard(),
    debug: (event) => emitter.emit('debug', event),
    beacon: services.beacon,
    dcsOrigin: config.dcsOrigin,
  });
  const optOut = createOptOut({
    connection,
    store: services.optOut?.(config),
    deviceId: () => deviceIds.read(),
    answered: () => segments.fresh,
    stop() {
      calls.cancel();
      forgetting.optedOut();
      readiness.notify();
    },
    send: (caller, uuid) => stream.send(caller, { ...params({ signals: {}, traits: [], url: null, pageView: false, ids: declared.list, seq: 0 }), uuid }, 'optOut'),
    consented: () => gate.state === 'open' && !life.destroyed,
    destroyed: () => life.destroyed,
    shown,
  });
  const pageViews = createPageViews(page, config.autoPageView, (url, route) => (life.destroyed ? life.dropped() : calls.pageView(url, route)));
  // What we stored goes (cookie destinations too), the outputs are cleared.
  const forgetting = createForgetting(
    () => {
      cache.clear();
      deviceIds.clear();
      safely(() => outputs.forget?.());
      services.clearCookies?.(config);
      if (segments.latest) segments.update(noSegments());
    },
    (refused) => services.tellForgotten?.(config, refused),
  );
  const gate = createConsentGate({ ...NO_CMP, state: 'pending' }, config.consent.timeoutMs, {
    // An opt-out made before consent was granted is delivered now, with nothing else.
    opened: () => optOut.granted() || (allowed() && start()),
    withdrawn() {
      forgetting.withdrawn();
      // The frame goes too: an answer still on its way must not fire its ID syncs and
      // destinations there after the withdrawal. A later grant mounts it again; the call in
      // flight is put back (its port died) and goes then.
      connection.stop();
      life.unstart();
    },
    changed(consent) {
      // At the end of this task: the first reading is made inside `createAudienceRelay`, before
      // the app could add its `debug` listener.
      microtask(() => emitter.emit('debug', { type: 'consent', consent }));
      if (gate.state === 'closed' && !life.started) forgetting.refused(!!gate.consent.tcString);
      readiness.notify();
    },
  }, services.overruled?.(config));
  const readiness = createReadiness(verdict, (timeoutMs, ticket) => {
    if (gate.state !== 'open') return { status: 'no-consent', error: noConsent() };
    // Answered, only the outputs' bundle still loading: the segments are fresh all the same.
    if (!calls.waitingFor(ticket) && calls.fresh && segments.fresh) return { status: 'fresh' };
    // Still connecting: a page not allowed by the frame, a mistyped `dcs` or an ad blocker look
    // like this until the connect deadline; the words of a slow DCS would mislead.
    const why = connection.state === 'connecting' ? ': the DCS frame has not connected (yet); diagnose() says why' : '';
    return { status: segments.latest?.cached ? 'cached' : 'timeout', error: new RelayError('CALL_TIMEOUT', `no fresh segments within ${timeoutMs} ms${why}`) };
  }, segments.best);

  /**
   * The one verdict of a `ready` call, while it waits; null to wait on. `ticket`: the calls
   * made before it, which it waits for (a page that keeps giving signals must not starve it).
   */
  function verdict(ticket: number): Verdict | null {
    if (life.destroyed) return { status: 'error', error: new RelayError('DESTROYED', 'destroyed') };
    if (optOut.done) return { status: 'opted-out', error: new RelayError('OPTED_OUT', 'this browser opted out') };
    if (gate.state === 'closed' || gate.state === 'late') return { status: 'no-consent', error: noConsent() };
    if (connection.failure) return { status: connection.failure.code === 'CONNECTION_TIMEOUT' ? 'blocked' : 'error', error: connection.failure };
    if (calls.waitingFor(ticket)) return null;
    // Fresh segments the outputs cannot apply yet (their bundle still loads): the page's
    // auction, run when `ready` settles, would go without them.
    const applying = outputs.pending?.();
    if (applying && segments.fresh) {
      readiness.watch(applying);
      return null;
    }
    const { error } = calls;
    return { status: error ? 'error' : 'fresh', error };
  }

  /** The gate opened: the cache, the frame, the queued calls. */
  function start(): void {
    if (!life.start()) return calls.pump();
    safely(() => outputs.start?.());
    const cachedSegments = cache.read();
    if (cachedSegments) segments.update({ ...noSegments(), segments: cachedSegments, cached: true });
    // The frame is mounted once the calls queued with `config` have run (a microtask), so its
    // URL can carry the first event call (the boot call): the frame makes it during the handshake.
    microtask(mount);
  }

  function mount(): void {
    if (!shown.now) return void shown.when(mount);
    // Not before the opt-out's backup was looked at (a first visit, or the storage emptied).
    optOut.whenChecked(() => {
      // Consent withdrawn or opted out meanwhile: a later grant starts again.
      if (!allowed()) return life.unstart();
      connection.open(calls.boot());
    });
  }

  // A page restored from the back/forward cache shows its old state: its listeners get the
  // segments again, unless the visitor opted out on another page meanwhile (then they go). Not
  // the outputs: the restored data layer holds its event already (a GTM trigger on it fired
  // again on every restore: soak, session n), the ad library its targeting.
  const stopRestoreWatch = page.onRestore(() => {
    // Our cached segments gone meanwhile: another page of the site forgot them (consent withdrawn there).
    if (cache.removed?.()) withdrawnElsewhere();
    if (!optOut.elsewhere()) segments.replay();
  });
  // Consent withdrawn (or an opt-out) on another page of this origin still open (another tab):
  // its tag says it forgot what we stored, which this page hears (a `storage` event of a key of
  // its own; a page that empties its storage itself, a logout's `clear()` or loop of
  // `removeItem`, is no such event).
  const stopForgottenWatch = services.forgottenElsewhere?.(config, withdrawnElsewhere) ?? (() => {});

  /**
   * Consent withdrawn on another page of the site, while this page's CMP keeps its old answer:
   * withdrawn here too, as the CMP would say; its old answer given again does not undo it,
   * a new reading does (`consent/gate.ts`, `overrule`).
   */
  function withdrawnElsewhere(): void {
    if (gate.state !== 'open' || life.destroyed) return;
    // An opt-out there forgets them too: this page is opted out, not refused.
    if (!optOut.marked()) gate.overrule();
  }
  // Hidden with calls still queued (the frame down or slow, a call in flight): what the frame
  // never got goes out now, in order, one fire-and-forget call each, since the page may never
  // run again. Once the browser refuses one (the beacon quota, 64 KiB in flight), it and the
  // rest stay queued, in order, for the frame if the page runs again (a tab switch).
  const stopHideWatch = page.onHide?.(() => calls.flush()) ?? (() => {});

  /**
   * A call of the page's: the consent a CMP reports on no listener (US Privacy) is asked again
   * first, and a route no watcher heard is its page view (`follow`).
   */
  function add(command: Command): void {
    if (life.destroyed) return life.dropped();
    safely(() => watching?.refresh());
    safely(pageViews.follow);
    calls.add(command);
  }

  function privacy(): Privacy {
    const { state: _, ...signals } = gate.consent;
    return signals;
  }

  function params(call: QueuedCall): EventParams {
    return { signals: call.signals, traits: call.traits, url: call.url, ids: call.ids, uuid: deviceIds.read(), coppa: config.coppa, privacy: privacy(), ...(config.ecid ? { ecid: config.ecid } : {}) };
  }

  const relay: AudienceRelay = {
    config,
    signals(signals) {
      add(command({ signals: normalizeSignals(signals) }));
    },
    traits(ids) {
      add(command({ traits: normalizeTraitIds(ids) }));
    },
    ids(input) {
      declared.add(input);
      add(command({}));
    },
    pageView(options) {
      const url = checkPageView(options);
      safely(() => watching?.refresh());
      pageViews.view(url);
    },
    // Async: an invalid `timeoutMs` rejects the promise `ready` returns, as its other outcomes
    // settle it; a throw would miss the caller's `.catch`.
    // `named`: the deadline to name in a CALL_TIMEOUT (commands.ts: the page's, for a call the
    // snippet queued, which gets only what is left of it).
    async ready(options, named?: number) {
      const timeoutMs = checkReadyOptions(options) ?? config.timeoutMs;
      if (!life.destroyed) safely(pageViews.follow);
      const ticket = calls.made;
      return shown.now ? readiness.wait(timeoutMs, named, ticket) : new NativePromise((resolve) => shown.when(() => resolve(readiness.wait(timeoutMs, named, ticket))));
    },
    getSegments() {
      return segments.best().segments;
    },
    on(event, listener) {
      checkListener(event, listener);
      emitter.add(event, listener);
      if (event === 'segments' && segments.latest) {
        const told = segments.latest;
        const current = segments.best();
        // Unless newer segments came meanwhile (an opt-out in this task): the listener was
        // told those already, and these would undo them.
        microtask(() => {
          if (segments.latest === told && emitter.has('segments', listener as SegmentsListener)) safely(() => (listener as SegmentsListener)(current));
        });
      }
      return () => relay.off(event, listener);
    },
    off(event, listener) {
      checkListener(event, listener);
      emitter.remove(event, listener);
    },
    async optOut() {
      // Destroyed: nothing could tell the DCS, and a marker would stop every later page from
      // telling it. The page hears it and can opt out through a configured relay.
      if (life.destroyed) throw new RelayError('DESTROYED', 'destroyed: the opt-out was not sent; make it on a configured relay');
      return optOut.make();
    },
    snapshot() {
      const error = (e: RelayError | null) => (e ? { code: e.code, message: e.message } : null);
      return copy({
        partner: config.partner,
        dcsOrigin: config.dcsOrigin,
        frameUrl: config.frameUrl,
        consent: gate.consent,
        vendorId: config.consent.vendorId,
        consentLate: gate.late,
        optedOut: optOut.done,
        frame: connection.state,
        failure: error(connection.failure),
        lastError: error(calls.error),
        calls: stream.calls,
        inFlight: calls.inFlight,
        queued: calls.queued > 0,
        queueLength: calls.queued,
        dropped: calls.dropped,
        latest: segments.latest,
        fresh: calls.fresh && !segments.latest?.cached,
        dcsErrors: segments.dcsErrors,
        unlisted: segments.unlisted,
        outputsProblem: outputs.problem?.() ?? null,
      });
    },
    diagnose() {
      return debugTools().then((t) => t.diagnose(relay.snapshot()));
    },
    debug() {
      return debugTools().then((t) => t.panel(relay));
    },
    destroy() {
      if (!life.destroy()) return;
      gate.stop();
      connection.stop();
      safely(() => outputs.stop?.());
      safely(() => watching?.stop());
      safely(pageViews.stop);
      safely(stopRestoreWatch);
      safely(stopForgottenWatch);
      safely(stopHideWatch);
      emitter.clear();
      readiness.notify();
    },
  };

  function noConsent(): RelayError {
    return new RelayError('NO_CONSENT', gate.state === 'closed' ? "the page's consent does not allow it" : `no consent within ${config.consent.timeoutMs} ms`);
  }

  const watching = services.consent ? services.consent(config, gate.update) : gate.update(NO_CMP);
  return relay;
}
