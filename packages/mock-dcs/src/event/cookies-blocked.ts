import { isUuid } from '../identity';
import { THIRD_PARTY_COOKIES_BLOCKED, type DcsError } from './dcs-error';

/** What a call says about the device, as `/event` and `/id` read it. */
export interface DeviceEvidence {
  /** A browser made the call (`fromBrowser`, http.ts): a server's call sends no cookie by design. */
  fromBrowser: boolean;
  /** `d_coppa`: no third-party cookie is used, so none is missing. */
  coppa: boolean;
  /** The device cookie the call brought (undefined: none). */
  cookie: string | undefined;
  /** `d_uuid` as sent. */
  uuid: string | undefined;
  /** The device the call's valid `d_mid` was linked to, if any. */
  knownByMid: string | undefined;
  /** Whether a profile exists for this device ID (one the DCS gave a cookie). */
  known(uuid: string): boolean;
}

/**
 * Error 172, "Blocked cookies", on `/event` and `/id` alike: a browser's call without the
 * device cookie, from a device the DCS knows (by `d_uuid` or `d_mid`), so it was given one
 * before and the browser did not send it back. A first visit, a server's call and a COPPA call
 * are no such case.
 */
export function cookiesBlocked(call: DeviceEvidence): DcsError | null {
  const known = (isUuid(call.uuid) && call.known(call.uuid)) || call.knownByMid !== undefined;
  return call.fromBrowser && !call.coppa && call.cookie === undefined && known ? { code: 172, msg: THIRD_PARTY_COOKIES_BLOCKED } : null;
}
