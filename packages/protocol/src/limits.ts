// Input limits enforced on both sides of the bridge. The tag rejects oversized input with a
// clear error; the frame rejects it again, because the port is reachable from the host
// page's JavaScript. Separate constants (not an object) so the bundler inlines them.

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
/** Characters in one declared user ID. */
export const MAX_DECLARED_ID_LENGTH = 256;
/** Characters in a TC or GPP string (real ones are 100 to a few thousand; longer calls go as POST). */
export const MAX_PRIVACY_STRING = 16384;
/** Cookie destinations kept from one DCS response. */
export const MAX_COOKIES = 10;
/** Segments and traits kept from one DCS response. */
export const MAX_RESULT_IDS = 1000;

/**
 * A signal key the host may send: `c_` (customer), `p_` (private) or `d_` (platform) prefix,
 * then letters, digits, `-` and `_` (DCS key format). `h_` keys are derived by the DCS from
 * headers and cannot be sent.
 */
export function isSignalKey(key: string): boolean {
  return /^[cpd]_[A-Za-z0-9_-]{1,100}$/.test(key);
}
