/**
 * The closed set of failure codes that cross the bridge or reach the public API. A caller
 * can switch on `code` without parsing messages.
 *
 * - `CONNECTION_TIMEOUT`: the frame never completed the handshake before the deadline.
 * - `CALL_TIMEOUT`: a request on the port got no reply before its deadline.
 * - `VERSION_MISMATCH`: tag and frame share no protocol version.
 * - `BAD_REQUEST`: the request was malformed (bad signal key, too large, wrong partner).
 * - `DCS_TIMEOUT`: the DCS did not answer before the frame's deadline.
 * - `DCS_ERROR`: the DCS answered with an HTTP error or an unreadable body, or was unreachable.
 * - `DCS_BUSY`: the DCS refused the call for now (HTTP 429 or 503, after the frame's one
 *   retry): it did not take it, and the tag sends it again later.
 * - `DESTROYED`: the bridge was torn down (destroy, frame reloaded) while the call was pending.
 * - `NO_CONSENT`: the page's CMP refused, or did not answer in time (nothing was stored or sent).
 * - `OPTED_OUT`: the visitor opted out on this browser (`optOut()`); no call is made.
 * - `QUEUE_FULL`: event calls were lost: more than 100 waited their turn.
 *
 * Plain string literals rather than an object of constants: they cost the tag no bytes.
 */
export type ErrorCode =
  | 'CONNECTION_TIMEOUT'
  | 'CALL_TIMEOUT'
  | 'VERSION_MISMATCH'
  | 'BAD_REQUEST'
  | 'DCS_TIMEOUT'
  | 'DCS_ERROR'
  | 'DCS_BUSY'
  | 'DESTROYED'
  | 'NO_CONSENT'
  | 'OPTED_OUT'
  | 'QUEUE_FULL';

/** The one error class of the bridge: an {@link ErrorCode} and a readable message. */
export class RelayError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'RelayError';
    this.code = code;
  }
}
