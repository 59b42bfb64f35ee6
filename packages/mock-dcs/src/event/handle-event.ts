import type { CompiledPartner } from '../config';
import { isUuid, midFor, newTid, newUuid, OPTED_OUT } from '../identity';
import type { Profile, ProfileStore } from '../profiles';
import { callProviders } from '../providers/call-providers';
import { providerPrivacy } from '../providers/provider-privacy';
import { evaluateSegmentRule, evaluateTraitRule } from '../rules/evaluate';
import { countryRefusal, GEO_KEYS, type CallerLocation } from './caller-location';
import { checkConsent } from './consent';
import { DCS_MESSAGES, type DcsError } from './dcs-error';
import { cookiesBlocked } from './cookies-blocked';
import { deviceOptOut } from './device-opt-out';
import { optOutWithoutConsent } from './opt-out-without-consent';
import { readDeclaredIds } from './declared-ids';
import type { MidLinks } from './identity-keys';
import type { MacroContext } from './macros';
import { cookieDestinations, idSyncs, urlDestinations, type CookieDestination, type IdSync, type UrlDestination } from './outputs';
import { EncodingError, parseParams } from './parse-params';

export type { DcsError } from './dcs-error';

/**
 * Keys with a protocol meaning; every other key (unknown `d_` keys too) is a signal.
 * `d_cid_ns` (customer IDs by namespace, as Visitor's syncIdentity sends them) is one: a
 * customer ID is no signal, though no data source keeps it here.
 */
export const CONTROL_KEYS: ReadonlySet<string> = new Set([
  'd_rtbd', 'd_jsonv', 'd_dst', 'd_cts', 'd_cb', 'd_uuid', 'd_mid', 'd_orgid', 'd_cid', 'd_cid_ic', 'd_cid_ns',
  'd_dpid', 'd_dpuuid', 'dpid', 'dpuuid', 'd_sid', 'd_tdpid', 'd_tdpid_ic', 'd_nsid', 'd_coppa', 'd_ptfm', 'd_caller',
  'gdpr', 'gdpr_consent', 'gpp', 'gpp_sid', 'us_privacy',
]);
/**
 * What Adobe's clients say about themselves on every call — versions, cache-busters, DIL's
 * log line (`d_ld`), ID-service bookkeeping — is neither control nor signal: no trait can
 * be about it.
 */
export const CLIENT_KEYS: ReadonlySet<string> = new Set([
  'd_ld', 'd_dil_ver', '_ts', 'd_visid_ver', 'd_ver', 'ts', 'd_fieldgroup', 'd_blob', 'd_verify',
  'd_coop_safe', 'd_coop_unsafe', 'd_cf',
  // The region the ID service answered, sent back beside d_blob as a location hint (the ID
  // service's direct integration; Adobe's mobile Audience extension on every /event call).
  'dcs_region',
]);

export interface EventRequest {
  /** Raw query string or form body. */
  raw: string;
  /** The DCS cookie as the browser sent it (a uuid, or NOTARGET after opt-out). */
  cookie: string | undefined;
  secure: boolean;
  /** A browser made it (`fromBrowser`, http.ts): only then can the device's cookie be blocked (172). */
  fromBrowser?: boolean;
  headers: { referer?: string; referrer?: string; userAgent?: string; acceptLanguage?: string; host?: string; date?: string; gpc?: string };
  /** The address of the host that sent the request (the connection's, not a forwarding header's): `h_ip`. */
  ip?: string;
  /** Where the config's `geo` places the caller: its geo keys, its country (198, 199). */
  location?: CallerLocation | null;
}

export interface EventResponseBody {
  stuff: CookieDestination[];
  dests?: UrlDestination[];
  ibs?: IdSync[];
  uuid?: string;
  dcs_region: number;
  tid: string;
  traits?: number[];
  segments?: number[];
  errors?: DcsError[];
}

export interface EventOutcome {
  /** `d_rtbd=json` asked for a JSON answer; otherwise the DCS answers a 1×1 GIF. */
  json: boolean;
  /** A valid `d_cb` callback name: answer JSONP. */
  callback: string | null;
  body: EventResponseBody;
  /** Device ID to (re)set in the cookie, if any. */
  setUuid: string | null;
  /** Parsed signals for the request log, `p_` values already redacted. */
  loggedSignals: Record<string, string[]>;
}

export interface EventOptions {
  now: number;
  /** Fault injection: every content provider call times out. */
  providerTimeout?: boolean;
  /** MID → device links shared with the ID service (`/id`); without it `d_mid` identifies nobody. */
  mids?: MidLinks;
}

/**
 * Qualifies one `/event` call, in the order a DCS decides: encoding (311), referrer (109),
 * org (2), consent (315), device identity (cookie, `d_uuid` 102, opt-out), declared IDs
 * (300–312, 171), content providers (10), traits, profile, segments, then the outputs the
 * flags ask for.
 */
export async function handleEvent(partner: CompiledPartner, request: EventRequest, profiles: ProfileStore, options: EventOptions): Promise<EventOutcome> {
  const tid = newTid();
  const base = { stuff: [], dcs_region: partner.region, tid };
  let params: Map<string, string[]>;
  try {
    params = parseParams(request.raw);
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    const json = /(^|&)d_rtbd=json(&|$)/.test(request.raw);
    return ignored(json, null, { ...base, errors: [{ code: 311, msg: DCS_MESSAGES.invalidParameters(error.message) }] });
  }
  const first = (key: string): string | undefined => params.get(key)?.[0];
  const json = first('d_rtbd') === 'json';
  const callbackName = first('d_cb');
  const callback = callbackName !== undefined && /^[A-Za-z0-9_.$[\]]{1,100}$/.test(callbackName) ? callbackName : null;
  const errors: DcsError[] = [];
  if (callbackName !== undefined && !callback) errors.push({ code: 0, msg: DCS_MESSAGES.unspecified('invalid d_cb callback name') });

  // "Based on the IP address, the DCS blocks requests" from some countries (199) and from those
  // the partner has limited (198): "DCS Error Codes, Messages, and Examples".
  const refusal = countryRefusal(request.location ?? null, partner.blockedCountries);
  if (refusal) return ignored(json, callback, { ...base, errors: [...errors, refusal] });

  const referer = request.headers.referer;
  // A JSONP answer (d_cb) is readable by any page that loads it as a script, and a page can
  // send no Referer at all (referrerpolicy="no-referrer"): with an allowlist, JSONP needs an
  // allowed Referer. Pixels and CORS answers, which no other page can read, may come without.
  if (partner.allowedReferrerHosts && (referer ? !partner.allowedReferrerHosts.has(hostOf(referer)) : callback !== null)) {
    return ignored(json, callback, { ...base, errors: [...errors, { code: 109, msg: DCS_MESSAGES.refererNotAllowed(referer ?? '(none)', partner.name) }] });
  }
  const orgId = first('d_orgid');
  // A partner configured without an org takes any, as the ID service (/id) does for it: the
  // org /id gave a MID for is not refused with error 2 when the MID comes back on /event.
  if (orgId !== undefined && partner.orgId !== null && orgId !== partner.orgId) {
    return ignored(json, callback, { ...base, errors: [...errors, { code: 2, msg: DCS_MESSAGES.unknownOrg(orgId) }] });
  }
  const mid = first('d_mid');
  if (mid !== undefined && !isUuid(mid)) errors.push({ code: 101, msg: DCS_MESSAGES.invalidMid(mid) });
  const validMid = isUuid(mid) ? mid : undefined;
  // `d_ptfm` (browser, ios, android, all): Adobe documents no error for another value; none here.

  const consent = checkConsent(first('gdpr'), first('gdpr_consent'), partner.vendorId, partner.cmpList);
  if (!consent.granted) errors.push({ code: 315, msg: DCS_MESSAGES.noConsent });
  if (consent.discarded) errors.push({ code: consent.discarded, msg: consent.discarded === 313 ? DCS_MESSAGES.cmpNotInGcl : DCS_MESSAGES.cmpDeletedInGcl });
  // DIL and the docs say d_coppa=1; the ID service (Visitor) sends d_coppa=true.
  const coppa = first('d_coppa') === '1' || first('d_coppa') === 'true';
  // No third-party cookie use under COPPA, and no storage at all without consent.
  const mayStore = consent.granted;
  const cookie = coppa ? undefined : request.cookie;
  if (cookie === OPTED_OUT) return ignored(json, callback, { ...base, ...(errors.length ? { errors } : {}) });
  const declaredUuid = first('d_uuid');
  const knownByMid = validMid !== undefined && !coppa ? options.mids?.deviceOf(validMid) : undefined;
  const blocked = cookiesBlocked({ fromBrowser: request.fromBrowser !== false, coppa, cookie, uuid: declaredUuid, knownByMid, known: (id) => !!profiles.find(id) });
  if (blocked) errors.push(blocked);

  // The cookie identifies the device; d_uuid "identifies a visitor when this value is not
  // available from a cookie" (Supported Attributes for DCS API Calls), as on /id.
  let uuid = isUuid(cookie) ? cookie : undefined;
  if (declaredUuid !== undefined) {
    if (isUuid(declaredUuid)) uuid ??= declaredUuid;
    else errors.push({ code: 102, msg: DCS_MESSAGES.invalidUuid(declaredUuid) });
  }
  // d_mid (with d_orgid) is an identity key: the device the ID service or an earlier call
  // linked it to, when there is no cookie.
  uuid ??= knownByMid;
  const declared = readDeclaredIds(params, partner, errors);
  const optedOutId = declared.find((id) => profiles.isOptedOutDeclared(id.dpid, id.dpuuid));
  if (optedOutId) {
    return ignored(json, callback, { ...base, errors: [...errors, { code: 171, msg: DCS_MESSAGES.optedOut(optedOutId.dpuuid) }] });
  }
  // A device seen for the first time is recognized by a declared ID seen before.
  if (!uuid) uuid = declared.map((id) => profiles.deviceOf(id.dpid, id.dpuuid)).find((u) => u !== undefined);
  const identified = uuid;
  uuid ??= newUuid();
  // A device opted out by d_uuid, d_mid or a declared ID (or whose cookie opt-out this call
  // does not carry, e.g. a server-to-server call by d_uuid): no data, error 171.
  if (deviceOptOut(profiles, uuid, partner.name)) {
    return ignored(json, callback, { ...base, errors: [...errors, { code: 171, msg: DCS_MESSAGES.optedOut(uuid) }] });
  }

  // "When no consent is provided, the Audience Manager Plug-in for IAB TCF opts the user out of
  // further data collection" (error 315, "DCS error codes"), with "the IDs present on a request
  // ... together with the last device linked to that cross-device ID", and "users who are opted
  // out of all data collection after they decline consent, cannot be opted back in" ("Audience
  // Manager Plug-in for IAB TCF"): for this partner, as a partner-level opt-out. A call that
  // names no device (a first visit, no declared ID) has nobody to opt out: it is dropped.
  if (!consent.granted) optOutWithoutConsent(profiles, partner.name, identified, declared);

  // Without consent nothing is stored: the call is evaluated on a throwaway profile.
  const profile: Profile = mayStore ? profiles.get(uuid, partner.name) : { uuid, traits: new Map(), declared: new Map(), synced: new Map(), optedOut: false };
  if (mayStore) for (const id of declared) profiles.declare(profile, id.dpid, id.dpuuid);
  if (mayStore && validMid && !coppa) options.mids?.link(validMid, uuid);

  const signals = new Map<string, string[]>();
  // A located caller's geo keys are the DCS's, from its address ("Geotargeting With
  // Platform-level Keys"): the caller's own values for them are not taken.
  const location = request.location ?? null;
  for (const [key, values] of params) {
    if (!CONTROL_KEYS.has(key) && !CLIENT_KEYS.has(key) && !key.startsWith('h_') && !(location && GEO_KEYS.has(key))) signals.set(key, values);
  }
  if (location) for (const [key, value] of location.signals) signals.set(key, [value]);
  const derived: Array<[string, string | undefined]> = [
    // DIL sends the full page URL as h_referer; the Referer header is cut to the origin by
    // the browser's referrer policy, so the parameter wins.
    ['h_referer', first('h_referer') || referer],
    ['h_user-agent', request.headers.userAgent],
    ['h_accept-language', request.headers.acceptLanguage],
    // "It appears as host name .demdex.net" (Supported Attributes for DCS API Calls): the name,
    // without the port a local emulator is reached on, so a rule on h_host reads as on Audience Manager.
    ['h_host', request.headers.host?.replace(/:\d*$/, '')],
    // The documented h_ attributes also take the Referrer (sic) and Date headers.
    ['h_referrer', request.headers.referrer],
    ['h_date', request.headers.date],
    // "A h_ip signal is generated from the IP of the host sending the request to DCS" (Adobe
    // Analytics, "Server-side forwarding data and code reference").
    ['h_ip', request.ip],
  ];
  for (const [key, value] of derived) if (value) signals.set(key, [value]);

  const providerSignals = new Map<number, Map<string, string[]>>();
  const answers = partner.contentProviders.length
    ? await callProviders(partner.contentProviders, profile.synced, uuid, {
        forceTimeout: options.providerTimeout ?? false,
        privacy: providerPrivacy(params, { consent, coppa, gpc: request.headers.gpc === '1' }),
      })
    : [];
  for (const answer of answers) {
    if (answer.segments) providerSignals.set(answer.dpid, new Map([['segment', answer.segments]]));
    else errors.push({ code: 10, msg: DCS_MESSAGES.unableToEvaluateTraits(String(answer.failure)) });
  }

  const onlySources = onlyDataSources(params, partner);
  const providerDpids = new Set(partner.contentProviders.map((p) => p.dpid));
  const realized = new Set<number>();
  for (const trait of partner.traits) {
    if (!trait.rule || (onlySources && (trait.dpid === null || !onlySources.has(trait.dpid)))) continue;
    const over = trait.dpid !== null && providerDpids.has(trait.dpid) ? providerSignals.get(trait.dpid) : signals;
    if (over && evaluateTraitRule(trait.rule, over)) realized.add(trait.id);
  }
  for (const id of (params.get('d_sid') ?? []).map(Number)) if (partner.traits.some((t) => t.id === id)) realized.add(id);

  profiles.realize(profile, realized, options.now);
  const counts = { get: (id: number) => profile.traits.get(id)?.count };
  const qualified = partner.segments.filter((s) => evaluateSegmentRule(s.rule, counts));
  const segments = qualified.map((s) => s.id);

  const context = (): MacroContext => ({
    uuid: uuid as string,
    mid: validMid ?? (partner.orgId ? midFor(partner.orgId, uuid as string) : ''),
    region: partner.region,
    secure: request.secure,
    gdprApplies: consent.applies,
    consentString: consent.consentString,
    declared: new Map(declared.map((id) => [id.dpid, id.dpuuid])),
    now: options.now,
  });
  // The keys in the order of Adobe's samples ("Receive Data From the DCS", "Supported Attributes
  // for DCS API Calls": stuff, uuid, dcs_region, traits, segments, tid). Their sample call with
  // d_dst=1 answers no `dests` at all: `dests` and `ibs` appear only when they have an entry,
  // so a client that needs them to be there fails here as it would on Audience Manager.
  const dests = first('d_dst') === '1' && mayStore && partner.destinations.length ? urlDestinations(partner, segments, context()) : [];
  const ibs = first('d_jsonv') !== '0' && !coppa && mayStore && partner.idSyncs.length ? idSyncs(partner, context(), first('d_nsid')) : [];
  // "Supported Attributes for DCS API Calls": d_cts=1 and d_cts=2 both return traits and
  // segments; d_cts=1 gives the segments' legacy IDs (csegID), d_cts=2 their segment IDs.
  // An account without d_cts enabled answers neither, whatever the call asks (ctsEnabled).
  const cts = partner.ctsEnabled ? first('d_cts') : undefined;
  const body: EventResponseBody = {
    stuff: mayStore ? cookieDestinations(partner, segments) : [],
    ...(mayStore ? { uuid } : {}),
    dcs_region: partner.region,
    ...(dests.length > 0 ? { dests } : {}),
    ...(ibs.length > 0 ? { ibs } : {}),
    ...(cts === '1' || cts === '2' ? { traits: [...realized], segments: cts === '2' ? segments : qualified.map((s) => s.legacyId) } : {}),
    tid,
    ...(errors.length > 0 ? { errors } : {}),
  };

  return { json, callback, body, setUuid: mayStore && !coppa ? uuid : null, loggedSignals: redact(signals) };
}

/** The DCS ignored the request: no identity, no data, just the errors. */
function ignored(json: boolean, callback: string | null, body: EventResponseBody): EventOutcome {
  return { json, callback, body, setUuid: null, loggedSignals: {} };
}

/** `d_tdpid` / `d_tdpid_ic`: evaluate only the traits of these data sources. */
function onlyDataSources(params: Map<string, string[]>, partner: CompiledPartner): Set<number> | null {
  const ids = (params.get('d_tdpid') ?? []).map(Number).filter(Number.isSafeInteger);
  for (const code of params.get('d_tdpid_ic') ?? []) {
    for (const source of partner.dataSources.values()) if (source.integrationCode === code) ids.push(source.id);
  }
  return params.has('d_tdpid') || params.has('d_tdpid_ic') ? new Set(ids) : null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** `p_` values are private: used for evaluation, never logged or shown. */
export function redact(signals: Map<string, string[]>): Record<string, string[]> {
  const logged: Record<string, string[]> = {};
  for (const [key, values] of signals) logged[key] = key.startsWith('p_') ? values.map(() => '[redacted]') : values;
  return logged;
}
