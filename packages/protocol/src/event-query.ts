import { entries } from './intrinsics';
import { dcsValue } from './limits';
import type { EventParams } from './messages';

/** Control keys of every event call: JSON answer, v1 with ID syncs, destinations, traits + segments. */
const CONTROL = 'd_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2';

/** Longest GET URL the DCS accepts; longer calls go out as a POST form body. */
export const MAX_GET_URL = 8192;
/** Largest POST body the DCS accepts. */
export const MAX_POST_BODY = 32768;

/** One event call: the tag's request plus the device ID decided for it. */
export interface EventCall {
  params: EventParams;
  /** Sent as `d_uuid` (the frame sends it only when the DCS cookie is unavailable). */
  deviceId: string | null;
}

/**
 * The `/event` query string, control keys first, every value percent-encoded. Built by the
 * frame for every call, and by the tag for the one fire-and-forget call when the page is
 * hidden with signals still queued.
 */
export function buildEventQuery({ params, deviceId }: EventCall): string {
  const parts = [CONTROL];
  if (params.coppa) parts.push('d_coppa=1');
  if (deviceId) parts.push(`d_uuid=${deviceId}`);
  // The Experience Cloud ID is an identity too: not under COPPA.
  if (params.ecid && !params.coppa) parts.push(`d_mid=${params.ecid.mid}`, `d_orgid=${encodeURIComponent(params.ecid.orgId)}`);
  for (const [key, values] of entries(params.signals)) {
    for (const value of values) parts.push(`${key}=${encodeURIComponent(dcsValue(value))}`);
  }
  if (params.traits.length > 0) parts.push(`d_sid=${params.traits.join(',')}`);
  for (const { source, id, authState } of params.ids) {
    // The user ID is encoded before joining with the literal %01 separator.
    const fields = [source, id, ...(authState !== null ? [authState] : [])];
    parts.push(`${typeof source === 'number' ? 'd_cid' : 'd_cid_ic'}=${fields.map((f) => encodeURIComponent(f)).join('%01')}`);
  }
  if (params.url) parts.push(`d_url=${encodeURIComponent(params.url)}`);
  parts.push(...privacyQuery(params.privacy));
  return parts.join('&');
}

/** `gdpr` + `gdpr_consent` (both or neither), `gpp` + `gpp_sid`, `us_privacy`: what the page's CMPs said. */
export function privacyQuery(privacy: EventParams['privacy']): string[] {
  if (!privacy) return [];
  const parts: string[] = [];
  if (privacy.gdpr !== null) parts.push(`gdpr=${privacy.gdpr}`, `gdpr_consent=${encodeURIComponent(privacy.tcString ?? '')}`);
  if (privacy.gpp !== null) parts.push(`gpp=${encodeURIComponent(privacy.gpp)}`, `gpp_sid=${privacy.gppSid.join(',')}`);
  if (privacy.usPrivacy !== null) parts.push(`us_privacy=${encodeURIComponent(privacy.usPrivacy)}`);
  return parts;
}
