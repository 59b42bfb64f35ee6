/**
 * The closed set of failure codes that cross the bridge or reach the public API.
 * A caller can switch on `code` without parsing messages.
 */
export const ErrorCodes = {
  /** The frame never completed the handshake before the deadline. */
  CONNECTION_TIMEOUT: 'CONNECTION_TIMEOUT',
  /** A request on the port got no reply before its deadline. */
  CALL_TIMEOUT: 'CALL_TIMEOUT',
  /** Tag and frame share no protocol version. */
  VERSION_MISMATCH: 'VERSION_MISMATCH',
  /** The request was malformed (bad signal key, too large, unknown method). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The DCS did not answer before the frame's deadline. */
  DCS_TIMEOUT: 'DCS_TIMEOUT',
  /** The DCS answered with an HTTP error, an unreadable body or a network failure. */
  DCS_ERROR: 'DCS_ERROR',
  /** The bridge was torn down (destroy, frame removed) while the call was pending. */
  DESTROYED: 'DESTROYED',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

const codes = new Set<string>(Object.values(ErrorCodes));

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && codes.has(value);
}

/** The one error class of the bridge: a code from {@link ErrorCodes} and a readable message. */
export class RelayError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'RelayError';
    this.code = code;
  }
}
