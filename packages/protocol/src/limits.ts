/**
 * Input limits enforced on both sides of the bridge. The tag rejects oversized input with
 * a clear error; the frame rejects it again, because the port is reachable from the host
 * page's JavaScript.
 */
export const LIMITS = {
  /** Distinct signal keys in one event request. */
  maxSignalKeys: 200,
  /** Values under one key (repeated or comma-serialized). */
  maxValuesPerKey: 50,
  /** Characters in one signal value. */
  maxValueLength: 1024,
  /** Trait IDs realized by one request (`d_sid`). */
  maxTraitIds: 100,
  /** Segments and traits kept from one DCS response. */
  maxResultIds: 1000,
} as const;

/**
 * A signal key the host may send: `c_` (customer), `p_` (private) or `d_` (platform) prefix,
 * then letters, digits, `-` and `_` (DCS key format). `h_` keys are derived by the DCS from
 * headers and cannot be sent.
 */
export function isSignalKey(key: string): boolean {
  return /^[cpd]_[A-Za-z0-9_-]{1,100}$/.test(key);
}
