import { randomBytes, randomInt } from 'node:crypto';

/** The device cookie, as a `demdex`-style DCS names it. */
export const UUID_COOKIE = 'demdex';
/** The device cookie's value after an opt-out: later calls answer 200 with no data. */
export const OPTED_OUT = 'NOTARGET';
const UUID = /^\d{38}$/;

export function isUuid(value: string | undefined): value is string {
  return value !== undefined && UUID.test(value);
}

/** A 38-digit device ID. */
export function newUuid(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 38) digits += String(randomInt(0, 10));
  return digits;
}

/** A per-call transaction ID, for support. */
export function newTid(): string {
  return randomBytes(8).toString('base64');
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The device cookie. `SameSite=None; Secure` lets it travel in a cross-site iframe;
 * `Partitioned` (CHIPS) is what keeps it readable there once browsers block unpartitioned
 * third-party cookies: it is then kept per top-level site.
 */
export function uuidCookie(value: string): string {
  return `${UUID_COOKIE}=${value}; Max-Age=15552000; Path=/; SameSite=None; Secure; Partitioned`;
}
