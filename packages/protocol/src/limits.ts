// Input limits enforced on both sides of the bridge. The tag rejects oversized input with a
// clear error; the frame rejects it again, because the port is reachable from the host
// page's JavaScript. Separate constants (not an object) so the bundler inlines them.
import { keys } from './intrinsics';

/** Distinct signal keys in one event request. */
export const MAX_SIGNAL_KEYS = 200;
/** Values under one key (repeated or comma-serialized). */
export const MAX_VALUES_PER_KEY = 50;
/** Characters in one signal value. */
export const MAX_VALUE_LENGTH = 1024;
/** Trait IDs realized by one request (`d_sid`). */
export const MAX_TRAIT_IDS = 100;
/** Declared IDs (`d_cid`, `d_cid_ic`) in one event call, as the DCS accepts. */
export const MAX_DECLARED_IDS = 10;
/**
 * Bytes of one declared user ID, percent-encoded as the event query carries it (an ID of
 * non-ASCII characters takes 6 a character): ten of them, with their sources, stay under 4 KB.
 */
export const MAX_DECLARED_ID_LENGTH = 256;
/**
 * Bytes of the page URL, percent-encoded as the event query carries it (`d_url`). With the
 * signals (MAX_SIGNAL_BYTES), ten declared IDs and 100 traits, a call stays under the DCS's
 * POST limit with room for privacy strings of 6 KB together.
 */
export const MAX_URL_BYTES = 4096;

/** A value's length as the event query carries it. */
export const wireLength = (value: string): number => encodeURIComponent(value).length;
/**
 * Bytes the TC and GPP strings take on the wire together (`gdpr_consent` and `gpp`,
 * percent-encoded): what the DCS's POST limit leaves an event call whose every other part,
 * `gpp_sid` and `us_privacy` included, is at its own limit (27,025 B; 32,657 B in all). Real strings take 0.1
 * to 3 KB each. The limits add up, so no call the checks pass is refused for its size.
 */
export const MAX_PRIVACY_BYTES = 5632;

/** The wire bytes of the TC and GPP strings together. */
export const privacyBytes = ({ tcString, gpp }: { tcString: string | null; gpp: string | null }): number => wireLength(`${tcString ?? ''}${gpp ?? ''}`);

/**
 * Bytes the signals of one event call may take on the wire (`key=value` pairs, values
 * percent-encoded): half the DCS's POST limit (32 KiB), leaving the rest for declared IDs,
 * the URL and the privacy strings. A call over it is refused when it is made; calls that
 * would go over it together go out as separate event calls.
 */
export const MAX_SIGNAL_BYTES = 16384;
/** Event calls waiting their turn (one is in flight per partner); a call past it is reported lost. */
export const MAX_QUEUED_CALLS = 100;
/** Problems one error message names; the rest are counted ("and 3 more"). */
export const MAX_PROBLEMS = 20;
/** Cookie destinations kept from one DCS response, and the names one partner's DCS may have on a page at once. */
export const MAX_COOKIES = 10;
/**
 * Bytes (`name=value`) the cookie destinations of every partner's DCS may hold in the
 * publisher's cookie jar together: a browser keeps 4096 per cookie, and servers answer 400 to a
 * Cookie header over 8 KB, so a DCS may take at most half of that from the site, in all.
 */
export const MAX_COOKIE_BYTES = 4096;
/** Segments and traits kept from one DCS response. */
export const MAX_RESULT_IDS = 1000;

/**
 * A signal key the host may send: `c_` (customer), `p_` (private) or `d_` (platform) prefix,
 * then letters, digits, `-` and `_` (DCS key format). `h_` keys are derived by the DCS from
 * headers and cannot be sent.
 */
export function isSignalKey(key: string): boolean {
  return /^[cpd]_[A-Za-z0-9_-]{1,100}$/.test(key) && !isReservedKey(key);
}

/**
 * The `d_` keys the frame itself controls or the DCS reads as control parameters (the
 * answer format, callbacks, organization, device and declared IDs, traits, URL, opt-out…):
 * a page that sent one would break or void its own call, so it is refused. `d_event` and
 * `d_rd` make a call click tracking, which the DCS answers with a redirect to `d_rd`: for
 * links, not the tag ("Capturing Campaign Click Data via Pixel Calls").
 */
export function isReservedKey(key: string): boolean {
  return /^d_(rtbd|jsonv|dst|cts|cb|orgid|mid|uuid|coppa|sid|cid|cid_ic|cid_ns|url|nsid|ld|blob|dpid|dpuuid|tdpid|tdpid_ic|ver|dil_ver|visid_ver|sync_ttl|ptfm|ottl|optout|fieldgroup|caller|seg|event|rd|verify|coop_safe|coop_unsafe|cf)$/i.test(key);
}

/**
 * A string with no lone UTF-16 surrogate: the only strings `encodeURIComponent` (and so the
 * DCS call) can encode. Such values are refused rather than repaired, so what the DCS gets is
 * what the page gave.
 */
export function isWellFormed(value: string): boolean {
  // No lookbehind: Safari before 16.4 cannot parse it.
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

/** The wire bytes of signals as the event query carries them (`&key=value` per value, percent-encoded). */
/**
 * A signal value as the DCS must get it: one with a comma, which the DCS reads as the separator
 * of serialized values (`key=val1,val2`), or a double quote, in double quotes, which the DCS
 * strips and never splits ("Formatting Key-Value Pairs in DCS Calls", "Send Data to the DCS").
 */
export const dcsValue = (value: string): string => (/[,"]/.test(value) ? `"${value}"` : value);

export function signalBytes(signals: Record<string, readonly string[]>): number {
  let bytes = 0;
  for (const key of keys(signals)) for (const value of signals[key]!) bytes += key.length + 2 + wireLength(dcsValue(value));
  return bytes;
}
