import { keys } from './intrinsics';
import { own, isRecord } from './own';
import type { ErrorCode } from './errors';
import { MAX_DECLARED_IDS, MAX_DECLARED_ID_LENGTH, MAX_PRIVACY_BYTES, MAX_RESULT_IDS, MAX_SIGNAL_BYTES, MAX_SIGNAL_KEYS, MAX_TRAIT_IDS, MAX_VALUES_PER_KEY, MAX_VALUE_LENGTH, MAX_URL_BYTES, isSignalKey, isWellFormed, privacyBytes, signalBytes, wireLength } from './limits';
import type { VersionRange } from './version';

/** Every message of ours carries this namespace, so look-alike messages are dropped early. */
export const NAMESPACE = 'audience-relay';

// ---- window-level handshake (postMessage between tag window and frame window) ----

/** Frame → parent window, when the frame starts: "I am here, and I speak these versions". */
export interface HelloMessage {
  ns: typeof NAMESPACE;
  type: 'hello';
  versions: VersionRange;
}

/** Tag → frame window, with one end of a `MessageChannel` transferred alongside. */
export interface ConnectMessage {
  ns: typeof NAMESPACE;
  type: 'connect';
  version: number;
  partner: string;
  /** The DCS origin the page's config names (`dcs`): a frame that calls another refuses. */
  dcs?: string;
}

// ---- port messages (after the handshake, on the private MessagePort) ----

/** Frame → tag on the port: the connection is accepted at `version`. */
export interface ConnectedMessage {
  ns: typeof NAMESPACE;
  type: 'connected';
  version: number;
}

/** Frame → tag on the port: the connection is refused (version, partner). */
export interface RefusedMessage {
  ns: typeof NAMESPACE;
  type: 'refused';
  error: WireError;
}

/** Signals in wire form: every value already normalized to a list of strings. */
export type WireSignals = Record<string, string[]>;

/** What the tag asks the frame to send to the DCS `/event` endpoint. */
export interface EventParams {
  signals: WireSignals;
  /** Trait IDs to realize (`d_sid`). */
  traits: number[];
  /**
   * The device ID the tag keeps in a first-party cookie, offered for when the DCS cookie is
   * unavailable (third-party cookies blocked); the frame then sends it as `d_uuid`.
   */
  uuid: string | null;
  /** COPPA: no third-party identity (`d_coppa=1`, no `d_uuid`) and no ID syncs. */
  coppa: boolean;
  /** Declared IDs, sent as `d_cid` (data source ID) or `d_cid_ic` (integration code). */
  ids: DeclaredId[];
  /** The page URL the event is about, without query or fragment (`d_url`); null for none. */
  url: string | null;
  /** The page's privacy signals (absent from tags older than consent support). */
  privacy?: Privacy;
  /** The visitor's Experience Cloud ID and the org it belongs to (`d_mid`, `d_orgid`), when the page configured one. */
  ecid?: ExperienceCloudId;
  /**
   * This call's ID, the same when the tag sends it again: a frame reloaded while the call was
   * in flight (its element moved) tells the resend of a call it already made, and does not
   * send the DCS its signals twice. Absent from older tags and from the boot call.
   */
  call?: string;
}

/** An Adobe Experience Cloud ID (ECID, "MID") with its organization. */
export interface ExperienceCloudId {
  /** 38 digits, as the ID service gives it (`Visitor.getMarketingCloudVisitorID()`). */
  mid: string;
  /** The Experience Cloud organization, `<id>@AdobeOrg`. */
  orgId: string;
}

/** The page's privacy signals, read from its CMPs and the browser, as the DCS takes them. */
export interface Privacy {
  /** `gdpr`: 1 when GDPR applies, 0 when the TCF CMP says it does not, null without a TCF CMP. */
  gdpr: 0 | 1 | null;
  /** `gdpr_consent`: the TC string, when GDPR applies. */
  tcString: string | null;
  /** `gpp`: the GPP string, null without a GPP CMP. */
  gpp: string | null;
  /** `gpp_sid`: the GPP sections that apply. */
  gppSid: number[];
  /** `us_privacy`: the CCPA string, null without a USP API. */
  usPrivacy: string | null;
  /**
   * Global Privacy Control honoured, or a US opt-out of sale: the frame fires no ID syncs
   * and no URL destinations, and returns no cookie destinations.
   */
  restricted: boolean;
}

/** A customer ID the page declares for the visitor, e.g. a CRM ID after login. */
export interface DeclaredId {
  /** The data source: its numeric ID (`d_cid`) or its integration code (`d_cid_ic`). */
  source: number | string;
  /** The visitor's ID in that data source. */
  id: string;
  /** Authentication state for `d_cid_ic`: 0 unknown, 1 authenticated, 2 logged out; null to omit. */
  authState: 0 | 1 | 2 | null;
}

/** A first-party cookie the DCS asks the tag to write on the host page (`stuff`). */
export interface CookieDestination {
  name: string;
  value: string;
  /** Lifetime in days (at least 1). */
  days: number;
  /** Cookie domain, e.g. `.publisher.example`; empty for the page's own host. */
  domain: string;
}

/** Where the device ID of a result came from. */
export type IdentitySource = 'dcs-cookie' | 'first-party' | 'new' | 'none';

export interface Identity {
  /**
   * `dcs-cookie`: the DCS recognized its own cookie; `first-party`: the tag's first-party
   * copy (`d_uuid`); `new`: a new device ID; `none`: no device ID (opt-out, no consent, COPPA).
   */
  source: IdentitySource;
  /** The frame's storage is partitioned per top-level site (`!document.hasStorageAccess()`); null when unknown. */
  partitioned: boolean | null;
}

/** The normalized DCS answer, as the frame hands it to the tag. */
export interface EventResult {
  uuid: string | null;
  /** Segment IDs, as strings (ad servers take them as strings). */
  segments: string[];
  traits: number[];
  /** Cookie destinations for the host page; the tag writes only those whose domain matches. */
  cookies: CookieDestination[];
  identity: Identity;
  /**
   * The DCS's error codes in its answer (`errors[].code`: 171, an opted-out declared ID; 315,
   * no consent in the TC string; 10, a content provider timed out…), at most ten; its messages
   * stay in the frame (they may quote an ID). Absent from frames before this field.
   */
  errors?: number[];
  /**
   * False when the DCS's answer carried neither a `traits` nor a `segments` list: the account
   * does not honour `d_cts=2` (an Audience Manager setting Adobe enables on request), so the
   * empty lists say nothing about the visitor. Absent otherwise, and from older frames.
   */
  listed?: false;
}

export interface WireError {
  code: ErrorCode;
  message: string;
}

/**
 * `event`: one DCS event call. `optOut`: the DCS opt-out for this device (and declared IDs).
 * `boot` (version 2): the answer of the call the frame made at start from its URL fragment,
 * whose params these must equal; without such a call, the frame makes it now.
 */
export type RequestMethod = 'event' | 'optOut' | 'boot';

export interface RequestMessage {
  ns: typeof NAMESPACE;
  type: 'request';
  id: number;
  method: RequestMethod;
  params: EventParams;
}

export interface ResponseMessage {
  ns: typeof NAMESPACE;
  type: 'response';
  id: number;
  result?: EventResult;
  error?: WireError;
}

export type PortMessage = ConnectedMessage | RefusedMessage | RequestMessage | ResponseMessage;

// ---- guards: a message is trusted only after its guard passes; anything else is dropped ----

function ours(data: unknown, type: string): boolean {
  return own(data, 'ns') === NAMESPACE && own(data, 'type') === type;
}

function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 1000;
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isHello(data: unknown): data is HelloMessage {
  if (!ours(data, 'hello')) return false;
  const versions = own(data, 'versions');
  const min = own(versions, 'min');
  const max = own(versions, 'max');
  return isVersion(min) && isVersion(max) && min <= max;
}

export function isConnect(data: unknown): data is ConnectMessage {
  const partner = own(data, 'partner');
  return (
    ours(data, 'connect') &&
    isVersion(own(data, 'version')) &&
    typeof partner === 'string' &&
    /^[a-z0-9][a-z0-9-]{0,62}$/.test(partner) &&
    (own(data, 'dcs') === undefined || (typeof own(data, 'dcs') === 'string' && (own(data, 'dcs') as string).length <= 300))
  );
}

export function isConnected(data: unknown): data is ConnectedMessage {
  return ours(data, 'connected') && isVersion(own(data, 'version'));
}

/**
 * A typed error from the other side. Any well-formed code passes, not only the codes this
 * build knows: a newer frame's new code must reach the page, not turn into a timeout.
 */
export function isWireError(value: unknown): value is WireError {
  const code = own(value, 'code');
  return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) && typeof own(value, 'message') === 'string';
}

export function isRefused(data: unknown): data is RefusedMessage {
  return ours(data, 'refused') && isWireError(own(data, 'error'));
}

function isIntList(value: unknown, max: number): value is number[] {
  return (
    Array.isArray(value) &&
    value.length <= max &&
    value.every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)
  );
}

export function isWireSignals(value: unknown): value is WireSignals {
  if (!isRecord(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const names = keys(value);
  if (names.length > MAX_SIGNAL_KEYS) return false;
  const ok = names.every((key) => {
    const values = value[key];
    return (
      isSignalKey(key) &&
      Array.isArray(values) &&
      values.length > 0 &&
      values.length <= MAX_VALUES_PER_KEY &&
      values.every((v) => typeof v === 'string' && v.length <= MAX_VALUE_LENGTH && isWellFormed(v))
    );
  });
  return ok && signalBytes(value as WireSignals) <= MAX_SIGNAL_BYTES;
}

const UUID = /^\d{38}$/;

/** The page URL of a call: null, or one that fits MAX_URL_BYTES on the wire. */
const isUrl = (url: unknown): boolean => url === null || (isShortString(url, MAX_URL_BYTES) && isWellFormed(url) && wireLength(url) <= MAX_URL_BYTES);

export function isEventParams(value: unknown): value is EventParams {
  const uuid = own(value, 'uuid');
  return (
    isWireSignals(own(value, 'signals')) &&
    isIntList(own(value, 'traits'), MAX_TRAIT_IDS) &&
    (uuid === null || (typeof uuid === 'string' && UUID.test(uuid))) &&
    typeof own(value, 'coppa') === 'boolean' &&
    isList(own(value, 'ids'), MAX_DECLARED_IDS, isDeclaredId) &&
    isUrl(own(value, 'url')) &&
    (own(value, 'privacy') === undefined || isPrivacy(own(value, 'privacy'))) &&
    (own(value, 'ecid') === undefined || isExperienceCloudId(own(value, 'ecid'))) &&
    (own(value, 'call') === undefined || (typeof own(value, 'call') === 'string' && /^[a-z0-9]{1,32}$/.test(own(value, 'call') as string)))
  );
}

/** `<letters and digits>@AdobeOrg`, as Experience Cloud organization IDs are written. */
export const ORG_ID = /^[A-Za-z0-9]{1,64}@AdobeOrg$/;

export function isExperienceCloudId(value: unknown): value is ExperienceCloudId {
  const mid = own(value, 'mid');
  const orgId = own(value, 'orgId');
  return typeof mid === 'string' && UUID.test(mid) && typeof orgId === 'string' && ORG_ID.test(orgId);
}

export function isPrivacy(value: unknown): value is Privacy {
  const gdpr = own(value, 'gdpr');
  return (
    (gdpr === null || gdpr === 0 || gdpr === 1) &&
    isShortString(own(value, 'tcString'), MAX_PRIVACY_BYTES, true) &&
    isShortString(own(value, 'gpp'), MAX_PRIVACY_BYTES, true) &&
    isIntList(own(value, 'gppSid'), 50) &&
    (own(value, 'usPrivacy') === null || /^1[YN-]{3}$/.test(own(value, 'usPrivacy') as string)) &&
    // Together, as one event call carries them: the other parts leave them MAX_PRIVACY_BYTES.
    privacyBytes(value as Privacy) <= MAX_PRIVACY_BYTES &&
    typeof own(value, 'restricted') === 'boolean'
  );
}

function isList<T>(value: unknown, max: number, guard: (item: unknown) => item is T): value is T[] {
  return Array.isArray(value) && value.length <= max && value.every(guard);
}

function isShortString(value: unknown, max: number, nullable = false): value is string {
  return (nullable && value === null) || (typeof value === 'string' && value.length <= max);
}

/** A data source ID (DPID) of 1 to 10 digits, as the DCS reads `d_cid` (a longer one is its error 300), or an integration code of DCS key characters. */
export function isDeclaredIdSource(value: unknown): value is number | string {
  return typeof value === 'number'
    ? Number.isSafeInteger(value) && value > 0 && value < 1e10
    : // An integration code: any printable text (AM: codes with `+` or `=` are sent URL-encoded,
      // as the query builder encodes each field), 1 to 100 characters.
      typeof value === 'string' && /^[^\x00-\x1f\x7f]{1,100}$/.test(value) && isWellFormed(value);
}

export function isDeclaredId(value: unknown): value is DeclaredId {
  const id = own(value, 'id');
  const authState = own(value, 'authState');
  return (
    isDeclaredIdSource(own(value, 'source')) &&
    typeof id === 'string' &&
    id.length > 0 &&
    // Its length first: encoding never makes a string shorter, and a string of megabytes is
    // refused without a walk over it (a long task).
    id.length <= MAX_DECLARED_ID_LENGTH &&
    isWellFormed(id) &&
    wireLength(id) <= MAX_DECLARED_ID_LENGTH &&
    (authState === null || authState === 0 || authState === 1 || authState === 2)
  );
}

/** Cookie names and values as RFC 6265 allows them, so no attribute can be smuggled in. */
export function isCookieDestination(value: unknown): value is CookieDestination {
  const days = own(value, 'days');
  const name = own(value, 'name');
  const cookieValue = own(value, 'value');
  const domain = own(value, 'domain');
  return (
    typeof name === 'string' &&
    /^[!#$%&'*+.^`|~\w-]{1,100}$/.test(name) &&
    typeof cookieValue === 'string' &&
    // Any printable text: the tag writes it percent-encoded (a space as %20, `;` as %3B), as
    // Audience Manager says its clients do ("Configure a Cookie Destination").
    /^[^\x00-\x1f\x7f]{0,1024}$/.test(cookieValue) &&
    typeof days === 'number' &&
    Number.isInteger(days) &&
    days > 0 &&
    days <= 400 &&
    typeof domain === 'string' &&
    /^\.?[a-z0-9.-]{0,253}$/i.test(domain)
  );
}

/** Any short source passes (a newer frame may know more sources than this build). */
function isIdentity(value: unknown): value is Identity {
  const source = own(value, 'source');
  const partitioned = own(value, 'partitioned');
  return typeof source === 'string' && source.length <= 20 && (partitioned === null || typeof partitioned === 'boolean');
}

export function isRequest(data: unknown): data is RequestMessage {
  return (
    ours(data, 'request') &&
    isId(own(data, 'id')) &&
    ['event', 'optOut', 'boot'].includes(own(data, 'method') as string) &&
    isEventParams(own(data, 'params'))
  );
}

export function isEventResult(value: unknown): value is EventResult {
  const uuid = own(value, 'uuid');
  const segments = own(value, 'segments');
  return (
    (uuid === null || typeof uuid === 'string') &&
    Array.isArray(segments) &&
    segments.length <= MAX_RESULT_IDS &&
    segments.every((s) => typeof s === 'string') &&
    isIntList(own(value, 'traits'), MAX_RESULT_IDS) &&
    // Each cookie is checked where it is written (the tag's outputs), keeping this guard small.
    Array.isArray(own(value, 'cookies')) &&
    isIdentity(own(value, 'identity')) &&
    (own(value, 'errors') === undefined || isIntList(own(value, 'errors'), 10))
  );
}

export function isResponse(data: unknown): data is ResponseMessage {
  if (!ours(data, 'response') || !isId(own(data, 'id'))) return false;
  const result = own(data, 'result');
  const error = own(data, 'error');
  return result !== undefined ? isEventResult(result) && error === undefined : isWireError(error);
}
