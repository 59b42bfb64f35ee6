// What the relay is given: the browser around it, one interface per service, so the relay's
// logic runs in unit tests with fakes and never touches `window` itself.
import type { ConsentWatch } from './consent/consent';
import type { Beacon } from './beacon';
import type { Caller, CookieDestination, RelayError } from '@audience-relay/protocol';
import type { Consent, DebugTools, NormalizedConfig, OutputsValidator, SegmentsEvent } from './types';

/** How the relay reaches the frame; the browser version mounts the iframe (see `bridge/browser-bridge.ts`). */
export interface BridgeConnector {
  /** Mounts the frame; `bootCall` (an encoded first event call) goes in its URL fragment. */
  connect(
    handlers: {
      onConnect(caller: Caller, version: number): void;
      onFail(error: RelayError): void;
      onLost?(): void;
      /** The port is offered; the boot request may go at once (see `bridge/bridge-client.ts`). */
      onOpen?(caller: Caller, version: number): void;
    },
    bootCall?: string | null,
  ): {
    stop(): void;
    /**
     * The frame is out of its document (Turbo's `<body>` swap, a clean-up script, or `stalled`),
     * or holds a document not ours since it connected (the page blanked or navigated it).
     */
    gone?(): boolean;
    /** The frame's document loaded (asked once the connect deadline passed without a hello: it never will). */
    dead?(): boolean;
    /**
     * The connect deadline passed: a frame that has not loaded is mounted again, so its request
     * is made again; on a page that has not loaded either, only after the page's `load` event
     * (a frame still loading holds it).
     */
    stalled?(): void;
  };
}

/** Where segments go besides the API: GPT, Prebid, cookies, dataLayer… (see `outputs/`). */
export interface Outputs {
  segments(event: SegmentsEvent): void;
  cookies(cookies: readonly CookieDestination[]): void;
  /** Consent withdrawn or opted out: cookie destinations not yet written are never written. */
  forget?(): void;
  /** Destroyed: a command still waiting in GPT's or Prebid's queue does nothing when it runs. */
  stop?(): void;
  /** Consent granted: what the outputs need may load now, before the first segments. */
  start?(): void;
  /** While the outputs cannot apply segments yet (their bundle loads): settles when they can, or could not load. */
  pending?(): Promise<void> | null;
  /** Why no output runs (the outputs config refused, the bundle not loaded), for `diagnose`. */
  problem?(): string | null;
}

/** The page the relay lives on: its URL, route changes (SPA), back/forward cache restores, hiding. */
export interface PageContext {
  url(): string;
  /** The URL when the page configured the tag, where it may have routed since (a config the snippet queued). */
  landing?: string | undefined;
  onRouteChange(listener: () => void): () => void;
  onRestore(listener: () => void): () => void;
  /** The page is hidden, and may never run again (tab closed, navigation, app switched). */
  onHide?(listener: () => void): () => void;
  /**
   * Runs `start` now, or when a prerendered page is shown (`prerenderingchange`): until then
   * the visitor has not seen the page and may never see it.
   */
  whenShown?(start: () => void): void;
}

/** Where the tag keeps its first-party copy of the DCS device ID. */
export interface DeviceIdStore {
  read(): string | null;
  write(uuid: string): void;
  /** Forgets the device ID (consent withdrawn, opt-out). */
  clear(): void;
}

/** Whether the visitor opted out of this partner on this browser. */
export interface OptOutStore {
  read(): boolean;
  /**
   * Looks at the marker's cookie backup (consent is granted): false when there is nothing to
   * look at (the marker or the device-ID copy is there, or it was looked at); else true, and
   * `found` is called with what it held, at once or later.
   */
  backup?(found: (kept: boolean) => void): boolean;
  write(): void;
}

/** The first-party segment cache: the last fresh segments of this partner, with their time. */
export interface SegmentCache {
  /** The cached segments if younger than the max age, else null. */
  read(): string[] | null;
  write(segments: readonly string[]): void;
  clear(): void;
  /** An entry this page stored or found is gone: another page of the site forgot it (asked on a back/forward cache restore). */
  removed?(): boolean;
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
  /**
   * Watches the page's consent and reports every change; without it, consent is granted.
   * Returns the watch (`consent/consent.ts`): `refresh` asks again what no listener reports
   * (the US Privacy string, before each call the page makes); `stop`, on `destroy`, removes the
   * CMP listeners.
   */
  consent?(config: NormalizedConfig, onChange: (consent: Consent) => void): ConsentWatch | void;
  /** Where the opt-out of this browser is kept. */
  optOut?(config: NormalizedConfig): OptOutStore;
  /**
   * Sends one fire-and-forget event call from the page itself (`beacon.ts`), for calls still
   * queued when the page is hidden; false when the browser refused it at once, `refused` when
   * it refused it later.
   */
  beacon?: Beacon | undefined;
  /** The debug tools (diagnosis, panel): bundled in the npm build, loaded on demand by the CDN tag. */
  debugTools?(): Promise<DebugTools>;
  /**
   * Calls `listener` when another page of this origin says it forgot what we stored (its
   * consent withdrawn, an opt-out): a `storage` event of `tellForgotten`, which a site's own
   * storage clean-up never makes. Returns the removal.
   */
  forgottenElsewhere?(config: NormalizedConfig, listener: () => void): () => void;
  /** Where the CMP reading a withdrawal elsewhere overruled is kept: the page's, so a relay configured again starts from it (`consent/gate.ts`). */
  overruled?(config: NormalizedConfig): { value: Consent | null };
  /**
   * Tells this origin's other pages that this page forgot what we stored (see
   * `forgottenElsewhere`); nothing stays. `ifStored`: only if something of ours is stored.
   */
  tellForgotten?(config: NormalizedConfig, ifStored: boolean): void;
}
