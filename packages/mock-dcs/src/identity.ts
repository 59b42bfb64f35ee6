import { randomBytes } from 'node:crypto';

/** The device cookie, as a `demdex`-style DCS names it. */
export const UUID_COOKIE = 'demdex';
/** The device cookie's value after an opt-out: later calls answer 200 with no data. */
export const OPTED_OUT = 'NOTARGET';
const UUID = /^\d{38}$/;

export function isUuid(value: string | undefined): value is string {
  return value !== undefined && UUID.test(value);
}

// Random bytes drawn 8 KiB at a time: one crypto call per ~190 new devices, not per device.
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomByte(): number {
  if (poolOffset >= pool.length) {
    pool = randomBytes(8192);
    poolOffset = 0;
  }
  return pool[poolOffset++] as number;
}

/** A 38-digit device ID: uniform random digits, the first not 0. */
export function newUuid(): string {
  let digits = '';
  while (digits.length < 38) {
    const byte = randomByte();
    // 250 = 25 × 10: skipping bytes of 250 and above keeps the digits uniform.
    if (byte >= 250 || (digits === '' && byte % 10 === 0)) continue;
    digits += String(byte % 10);
  }
  return digits;
}

// A per-call transaction ID, for support: unique, not secret, so a counter behind a random
// per-process prefix does (no crypto call per request).
const TID_PREFIX = randomBytes(3);
let tidCounter = 0;

/** A per-call transaction ID, for support (12 base64 characters, like a DCS `tid`). */
export function newTid(): string {
  const bytes = Buffer.alloc(9);
  TID_PREFIX.copy(bytes);
  bytes.writeUIntBE((tidCounter = (tidCounter + 1) % 2 ** 48), 3, 6);
  return bytes.toString('base64');
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
