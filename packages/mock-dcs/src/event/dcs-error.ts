/** An entry of the response's `errors[]` (and of the `X-Error` header). */
export interface DcsError {
  code: number;
  msg: string;
}

/**
 * Error 172's message. Audience Manager returns 172 when the browser blocks third-party
 * cookies; a DCS can only see that when a device it gave a cookie comes back, identified by
 * `d_uuid` or `d_mid`, without it. A first visit has no cookie yet and is no such case.
 */
export const THIRD_PARTY_COOKIES_BLOCKED =
  'third-party cookies blocked: this device (known by d_uuid or d_mid) was given a device cookie before, and the call came without it';
