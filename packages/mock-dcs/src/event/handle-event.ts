import type { CompiledPartner } from '../config';
import { isUuid, newTid, newUuid } from '../identity';
import type { ProfileStore } from '../profiles';
import { evaluateSegmentRule, evaluateTraitRule } from '../rules/evaluate';
import { EncodingError, parseParams } from './parse-params';

/** Keys with a protocol meaning; every other key (unknown `d_` keys too) is a signal. */
const CONTROL_KEYS = new Set([
  'd_rtbd', 'd_jsonv', 'd_dst', 'd_cts', 'd_cb', 'd_uuid', 'd_mid', 'd_orgid', 'd_cid', 'd_cid_ic',
  'd_dpid', 'd_dpuuid', 'd_sid', 'd_tdpid', 'd_tdpid_ic', 'd_nsid', 'd_coppa', 'd_ptfm', 'd_caller',
  'gdpr', 'gdpr_consent', 'gpp', 'gpp_sid', 'us_privacy',
]);

export interface DcsError {
  code: number;
  msg: string;
}

export interface EventRequest {
  /** Raw query string or form body. */
  raw: string;
  /** Device ID from the DCS cookie, if the browser sent one. */
  cookieUuid: string | undefined;
  headers: { referer?: string; userAgent?: string; acceptLanguage?: string; host?: string };
}

export interface EventResponseBody {
  stuff: unknown[];
  dests?: unknown[];
  ibs?: unknown[];
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
  body: EventResponseBody;
  /** Device ID to (re)set in the cookie, if any. */
  setUuid: string | null;
  /** Parsed signals for the request log, `p_` values already redacted. */
  loggedSignals: Record<string, string[]>;
}

/** Qualifies one `/event` call: signals → traits → profile → segments. */
export function handleEvent(partner: CompiledPartner, request: EventRequest, profiles: ProfileStore, now: number): EventOutcome {
  const tid = newTid();
  let params: Map<string, string[]>;
  try {
    params = parseParams(request.raw);
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    return {
      json: /(^|&)d_rtbd=json(&|$)/.test(request.raw),
      body: { stuff: [], dcs_region: partner.region, tid, errors: [{ code: 311, msg: error.message }] },
      setUuid: null,
      loggedSignals: {},
    };
  }
  const first = (key: string): string | undefined => params.get(key)?.[0];
  const errors: DcsError[] = [];

  let uuid = request.cookieUuid && isUuid(request.cookieUuid) ? request.cookieUuid : undefined;
  const declaredUuid = first('d_uuid');
  if (declaredUuid !== undefined) {
    if (isUuid(declaredUuid)) uuid = declaredUuid;
    else errors.push({ code: 102, msg: 'invalid d_uuid' });
  }
  uuid ??= newUuid();

  const signals = new Map<string, string[]>();
  for (const [key, values] of params) {
    if (!CONTROL_KEYS.has(key) && !key.startsWith('h_')) signals.set(key, values);
  }
  const derived: Array<[string, string | undefined]> = [
    ['h_referer', request.headers.referer],
    ['h_user-agent', request.headers.userAgent],
    ['h_accept-language', request.headers.acceptLanguage],
    ['h_host', request.headers.host],
  ];
  for (const [key, value] of derived) if (value) signals.set(key, [value]);

  const realized = new Set<number>();
  for (const trait of partner.traits) {
    if (trait.rule && evaluateTraitRule(trait.rule, signals)) realized.add(trait.id);
  }
  const pixelIds = (params.get('d_sid') ?? []).map(Number);
  for (const id of pixelIds) if (partner.traits.some((t) => t.id === id)) realized.add(id);

  const profile = profiles.get(uuid);
  profiles.realize(profile, realized, now);
  const counts = new Map([...profile.traits].map(([id, r]) => [id, r.count]));
  const segments = partner.segments.filter((s) => evaluateSegmentRule(s.rule, counts)).map((s) => s.id);

  const body: EventResponseBody = { stuff: [], uuid, dcs_region: partner.region, tid };
  if (first('d_dst') === '1') body.dests = [];
  if (first('d_jsonv') !== '0' && first('d_coppa') !== '1') body.ibs = [];
  if (first('d_cts') === '2' || first('d_cts') === '1') {
    body.traits = [...realized];
    body.segments = segments;
  }
  if (errors.length > 0) body.errors = errors;

  return { json: first('d_rtbd') === 'json', body, setUuid: uuid, loggedSignals: redact(signals) };
}

/** `p_` values are private: used for evaluation, never logged or shown. */
function redact(signals: Map<string, string[]>): Record<string, string[]> {
  const logged: Record<string, string[]> = {};
  for (const [key, values] of signals) logged[key] = key.startsWith('p_') ? values.map(() => '[redacted]') : values;
  return logged;
}
