// Every type the public API names, in one file that imports no implementation: the npm
// build's `index.d.ts`, the debug tools and every part of the tag read their types here,
// so nothing imports back from an implementation to get one (which made import cycles).
import type { ErrorCode, EventParams, EventResult, ExperienceCloudId, Identity, Privacy } from '@audience-relay/protocol';

export type { Identity, IdentitySource } from '@audience-relay/protocol';

// ---- configuration ----

/** What a publisher passes to `audienceRelay('config', …)` or `createAudienceRelay(…)`. */
export interface AudienceRelayConfig {
  /** Partner (DCS account) name: lowercase letters, digits and `-`, e.g. `acme`. */
  partner: string;
  /** Origin of the Data Collection Server the frame calls, e.g. `https://acme.demdex.net`. */
  dcs: string;
  /**
   * URL of the frame (`frame.html` built by `audience-relay-frame build` for this partner and
   * DCS), e.g. `https://cdn.example/audience-relay/acme/1.0.0/frame.html`. Default
   * `<dcs>/frame.html`: a DCS that hosts the frame itself. The handshake accepts only this
   * URL's origin.
   */
  frame?: string;
  /**
   * The visitor's Adobe Experience Cloud ID, sent as `d_mid` with `d_orgid` (Audience Manager
   * recognizes the device by it where its cookie is missing), e.g.
   * `{ orgId: '53A16ACB5CC1D3760A495C99@AdobeOrg', mid: visitor.getMarketingCloudVisitorID() }`.
   * Not sent under `coppa`. Default none.
   */
  ecid?: ExperienceCloudId;
  /** Default deadline of `ready()`, in milliseconds (1–30000). Default 1000. */
  timeoutMs?: number;
  /** How long the frame may take to load and answer the handshake, in milliseconds. Default 5000. */
  connectTimeoutMs?: number;
  /** Child-directed treatment (COPPA): no third-party identity, no first-party device ID, no ID syncs. Default false. */
  coppa?: boolean;
  /** How long the first-party segment cache serves the last page's segments; 0 turns it off. Default 86400000 (a day). */
  cacheMaxAgeMs?: number;
  /** Send a page view on every History API route change (single-page apps). Default false. */
  autoPageView?: boolean;
  /** Where segments go besides the API and events; each output is optional. */
  outputs?: OutputsConfig;
  /** How the page's consent (TCF, GPP, US Privacy, Global Privacy Control) is applied. */
  consent?: ConsentConfig;
}

export interface ConsentConfig {
  /** The DCS's IAB TCF vendor ID, whose consent is needed where GDPR applies. Default 565. */
  vendorId?: number;
  /** How long to wait for the page's CMPs before `ready` settles `no-consent`, in milliseconds. Consent that comes later still starts the flow. Default 1000. */
  timeoutMs?: number;
  /** Honour Global Privacy Control: no ID syncs, URL destinations or cookie destinations. Default true. */
  gpc?: boolean;
  /** Treat a page without a TCF CMP as refusing consent (for sites where GDPR always applies). A CMP loaded after the tag is looked for for 30 s, and nothing is sent meanwhile. Default false. */
  requireTcf?: boolean;
}

/** The config after validation, with every default applied. */
export interface NormalizedConfig {
  partner: string;
  /** The DCS origin, serialized (`scheme://host[:port]`), used for exact origin checks. */
  dcsOrigin: string;
  /** The frame's URL; its origin is the one the handshake accepts. */
  frameUrl: string;
  ecid: ExperienceCloudId | null;
  timeoutMs: number;
  connectTimeoutMs: number;
  coppa: boolean;
  cacheMaxAgeMs: number;
  autoPageView: boolean;
  outputs: NormalizedOutputs;
  consent: Required<ConsentConfig>;
}

/** Google Publisher Tag key-values: our segments under one key, set through `googletag.cmd`. */
export interface GptOutputConfig {
  /** The targeting key; only this key is ever set or cleared. Default `aud`. */
  key?: string;
  /** Also set the key on these slots (element ID or ad unit path); page level always. */
  slots?: string[];
}

/** Prebid.js first-party data: one `ortb2.user.data` entry, replaced by name on every update. */
export interface PrebidOutputConfig {
  /** The entry's `name`, conventionally the data provider's domain, e.g. `dcs.example`. */
  name: string;
  /** IAB segment taxonomy ID for `ext.segtax` (omitted when not given). */
  segtax?: number;
}

/** A first-party cookie with the segment IDs joined by `|`, for server-side ad requests. */
export interface CookieOutputConfig {
  name: string;
  /** Lifetime in days. Default 30. */
  days?: number;
}

export interface OutputsConfig {
  gpt?: GptOutputConfig;
  prebid?: PrebidOutputConfig;
  cookie?: CookieOutputConfig;
  /** Push `{ event: 'audience-relay.segments', … }` to this dataLayer (`true`: `dataLayer`). */
  dataLayer?: boolean | string;
  /** Dispatch a `CustomEvent('audience-relay:segments')` on `document`. Default false. */
  domEvent?: boolean;
  /**
   * The DCS's cookie destinations the tag may write on this site: `true` (the default) each one
   * that passes the tag's checks, `false` none, or a list of cookie names (up to 20), only
   * those. The tag cannot see the site's HttpOnly cookies: a site with any should list its
   * DCS's destination names, so no destination is ever written beside one of them.
   */
  cookieDestinations?: boolean | string[];
}

/** The outputs after validation: a section is null when not configured. */
export interface NormalizedOutputs {
  gpt: { key: string; slots: string[] } | null;
  prebid: { name: string; segtax: number | null } | null;
  cookie: { name: string; days: number } | null;
  dataLayer: string | null;
  domEvent: boolean;
  /** The cookie destination names accepted; null: every one that passes the checks. */
  cookieDestinations: string[] | null;
}

/** Checks the `outputs` section: adds its problems, returns it normalized (see `outputs/config.ts`). */
export type OutputsValidator = (problems: string[], outputs: unknown) => NormalizedOutputs;

// ---- commands ----

export type SignalValue = string | number | boolean;
/** Page signals: `c_` customer, `p_` private (evaluated, never stored), `d_` platform keys. */
export type Signals = Record<string, SignalValue | readonly SignalValue[]>;

/**
 * A declared ID as the page gives it: by data source ID (`dpid`, sent as `d_cid`) or
 * integration code (`code`, `d_cid_ic`). `authState`: 0 unknown, 1 authenticated (the call's
 * traits go to the authenticated profile), 2 logged out; Audience Manager takes it in both forms.
 */
export type DeclaredIdInput =
  | { dpid: number; dpuuid: string; authState?: 0 | 1 | 2 }
  | { code: string; dpuuid: string; authState?: 0 | 1 | 2 };

/**
 * The page's consent, normalized from every framework it runs. `granted`: storage and DCS
 * calls are allowed; `denied`: a CMP refused (or the config requires a TCF CMP and there is
 * none); `pending`: a CMP has not answered yet.
 */
export interface Consent extends Privacy {
  state: 'granted' | 'denied' | 'pending';
}

/**
 * Why `ready` settled as it did: `fresh` from the DCS for this page view; `cached` from the
 * first-party cache because the deadline came first; `timeout` with nothing better; `blocked`
 * when the frame never connected; `no-consent` when the page's CMP refused or has not
 * answered (nothing was stored or sent); `opted-out` after `optOut()` on this browser;
 * `error` with the error (a call refused by the DCS, or calls lost: `QUEUE_FULL`).
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

/**
 * The codes of `ReadyResult.error`: the bridge's {@link ErrorCode}s, and three that come
 * before there is a relay: `TAG_BLOCKED` (the snippet: the tag never loaded), `TAG_FAILED`
 * (the tag died as it started, or a `ready` call could not run: a built-in the page broke) and
 * `NOT_CONFIGURED` (no `config` before the deadline).
 */
export type ReadyErrorCode = ErrorCode | 'TAG_BLOCKED' | 'TAG_FAILED' | 'NOT_CONFIGURED';

export interface ReadyResult extends SegmentsEvent {
  status: ReadyStatus;
  /** What went wrong, when `status` is not `fresh`. */
  error?: { code: ReadyErrorCode; message: string };
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
  /**
   * Adds page signals to an event call: calls in the same tick share one call; a key already
   * in the pending call, or a call past the limits, starts the next one (nothing is overwritten).
   */
  signals(signals: Signals): void;
  /** Realizes trait IDs (`d_sid`) in the next event call. */
  traits(ids: number | readonly number[]): void;
  /**
   * Declares customer IDs (`d_cid`, `d_cid_ic`); they go with every later event call of this
   * page, and with the call of signals given in the same tick. Signals given earlier keep the
   * IDs declared when they were given, even while they wait behind a slow call.
   */
  ids(ids: DeclaredIdInput | readonly DeclaredIdInput[]): void;
  /** A new page view (single-page app route change): its own event call with the new URL. */
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
  /** Removes the frame and every listener (CMP listeners too); pending `ready` calls settle with `error`. */
  destroy(): void;
}

/**
 * The page's global, as the snippet defines it (`window.audienceRelay`, or `data-global`): each
 * method of `AudienceRelay` as a command by name, its answer in a promise. For a TypeScript
 * page: `declare global { interface Window { audienceRelay: AudienceRelayCommand } }`.
 */
export interface AudienceRelayCommand {
  (command: 'config', config: AudienceRelayConfig): Promise<void>;
  <K extends RelayEventName>(command: 'on', event: K, listener: RelayListener<K>): Promise<() => void>;
  <K extends RelayEventName>(command: 'off', event: K, listener: RelayListener<K>): Promise<void>;
  <C extends Exclude<keyof AudienceRelay, 'config' | 'on' | 'off'>>(command: C, ...args: Parameters<AudienceRelay[C]>): Promise<Awaited<ReturnType<AudienceRelay[C]>>>;
}

// ---- the debugging surface: the typed debug stream, the snapshot, the diagnosis ----

/** One request to the frame, as the debug stream shows it. */
export interface CallRecord {
  /** 1, 2, 3… in the order sent. */
  id: number;
  method: 'event' | 'optOut' | 'boot';
  /** What was sent: signals, traits, declared IDs, URL, privacy signals, device ID. */
  params: EventParams;
  /** `Date.now()` when sent. */
  sentAt: number;
  /** Set once answered. */
  durationMs?: number;
  result?: Omit<EventResult, 'cookies'>;
  error?: { code: string; message: string };
}

/**
 * The typed debug stream (`on('debug', fn)`), what the debug panel shows: consent as read,
 * each request when sent and when answered, the fire-and-forget calls at page hide, and
 * calls lost because more than 100 were waiting (`dropped`).
 */
export type DebugEvent =
  | { type: 'consent'; consent: Consent }
  | { type: 'sent'; call: CallRecord }
  | { type: 'answered'; call: CallRecord }
  | { type: 'beacon'; params: EventParams }
  | { type: 'dropped'; params: EventParams; reason: string };

/** The relay's state at one moment, for `diagnose()` and the debug panel. */
export interface RelaySnapshot {
  partner: string;
  dcsOrigin: string;
  /** The frame's URL (the config's `frame`); when absent, `<dcsOrigin>/frame.html`. */
  frameUrl?: string;
  consent: Consent;
  /** The DCS's IAB TCF vendor ID (`consent.vendorId`). */
  vendorId?: number;
  /** The CMPs had not answered by `consent.timeoutMs`. */
  consentLate: boolean;
  optedOut: boolean;
  /** `idle`: not mounted (no consent yet); `connecting`; `connected`; `failed` (see `failure`). */
  frame: 'idle' | 'connecting' | 'connected' | 'failed';
  failure: { code: string; message: string } | null;
  /** The last call's error, if it failed. */
  lastError: { code: string; message: string } | null;
  /** Requests sent so far, and whether one is in flight or commands are queued. */
  calls: number;
  inFlight: boolean;
  queued: boolean;
  /** Event calls waiting their turn, and calls lost so far (more than 100 waiting). */
  queueLength?: number;
  dropped?: number;
  /** The best segments now (fresh, else cached), with identity; null before any. */
  latest: SegmentsEvent | null;
  /** Whether the last answer was fresh from the DCS for this page. */
  fresh: boolean;
  /** The error codes of the DCS's last answer (`errors[].code`, at most ten); empty when none. */
  dcsErrors?: number[];
  /** The DCS's last answer carried no trait or segment list at all: the account does not return them (`d_cts=2` not enabled). */
  unlisted?: boolean;
  /** Why no output (GPT, Prebid, cookie, data layer) runs: the outputs config refused, or the outputs bundle not loaded; null when they run or none are configured. */
  outputsProblem?: string | null;
}

/** One reason for the state of the segments, with a code a program can switch on. */
export interface DiagnosisReason {
  code: string;
  message: string;
}

export interface Diagnosis {
  /** True when fresh segments are there. */
  ok: boolean;
  /** One line for people. */
  summary: string;
  reasons: DiagnosisReason[];
  snapshot: RelaySnapshot;
}

/** What the debug tools bundle provides. */
export interface DebugTools {
  /** Async: when the frame never said hello, it asks the browser and the DCS why. */
  diagnose(snapshot: RelaySnapshot): Diagnosis | Promise<Diagnosis>;
  /** Opens (or brings back) the panel for this relay on the page the tools run in. */
  panel(relay: AudienceRelay): void;
  /**
   * A `config` the tag refused: its diagnosis with the full texts (the CDN tag's refusal names
   * the fields only), from the page's config checked again; `message` is the tag's refusal.
   * With `panel`, the debug panel opens on it instead (nothing returned).
   */
  refused?(config: unknown, message: string, panel: boolean): Omit<Diagnosis, 'snapshot'> | undefined;
}
