import { createHash, randomBytes } from 'node:crypto';

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
const TID_PREFIX = randomBytes(2);
let tidCounter = 0;

/**
 * A per-call transaction ID, for support: 8 bytes in base64, 11 characters and one `=`, the
 * shape of Audience Manager's (`"tid": "ss3OTqPiQp0="`, `"31ZpxW5bQGc="` in its samples).
 */
export function newTid(): string {
  const bytes = Buffer.alloc(8);
  TID_PREFIX.copy(bytes);
  bytes.writeUIntBE((tidCounter = (tidCounter + 1) % 2 ** 48), 2, 6);
  return bytes.toString('base64');
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** Where the device cookie lives: its name and, optionally, the domain it is shared over. */
export interface DeviceCookieSettings {
  name: string;
  /** `.demdex.net`-style: every host under it shares the cookie; null: host-only. */
  domain: string | null;
  /**
   * `Partitioned` (CHIPS) on the device cookie and on `dextp=NOTARGET`. Audience Manager sets
   * `demdex` without it (`SameSite=None; Secure` only), so one device ID crosses publisher
   * sites and an opt-out made on one site (or first-party on the DCS) holds on every other.
   */
  partitioned: boolean;
}

export const DEFAULT_DEVICE_COOKIE: DeviceCookieSettings = { name: UUID_COOKIE, domain: null, partitioned: true };

/** The cookie of ID sync times the destination iframe keeps (`dextp`); `NOTARGET` after an opt-out. */
export const SYNC_RECORD_COOKIE = 'dextp';

/**
 * The device cookie. `SameSite=None; Secure` lets it travel in a cross-site iframe;
 * `Partitioned` (CHIPS, the default) is what keeps it readable there once browsers block
 * unpartitioned third-party cookies: it is then kept per top-level site, even where they are
 * allowed. Audience Manager's `demdex` is not partitioned (`partitioned: false` answers as it
 * does): one cookie for every site, lost where third-party cookies are blocked. With a configured domain it is
 * set for the whole DCS domain (as Audience Manager sets `demdex` for `.demdex.net`), so
 * `dpm.` and `<partner>.` share one device ID; a host outside that domain, which the
 * browser would refuse it for, gets a host-only cookie.
 */
export function uuidCookie(value: string, settings: DeviceCookieSettings = DEFAULT_DEVICE_COOKIE, host = ''): string {
  const domain = settings.domain !== null && hostInDomain(host, settings.domain) ? `; Domain=${settings.domain}` : '';
  // 180 days, renewed on each call; an opt-out (NOTARGET) is kept 10 years ("Audience Manager cookies").
  const maxAge = value === OPTED_OUT ? 315_360_000 : 15_552_000;
  return `${settings.name}=${value}; Max-Age=${maxAge}; Path=/${domain}; SameSite=None; Secure${settings.partitioned ? '; Partitioned' : ''}`;
}

function hostInDomain(host: string, domain: string): boolean {
  const name = host.split(':')[0]?.toLowerCase() ?? '';
  const bare = domain.replace(/^\./, '').toLowerCase();
  return name === bare || name.endsWith(`.${bare}`);
}

/**
 * The Experience Cloud ID (MID) the ID service gives a device for an org: 38 digits derived
 * from the org and the device ID, so the same pair always gives the same MID (and another
 * org never learns the device ID from it).
 */
export function midFor(orgId: string, uuid: string): string {
  const digest = createHash('sha256').update(`mid|${orgId}|${uuid}`).digest('hex');
  // 256 bits are about 77 decimal digits: the low 38 are uniform enough for an ID.
  const digits = (BigInt(`0x${digest}`) % 10n ** 38n).toString().padStart(38, '0');
  return digits.replace(/^0/, '1');
}

// The blob only needs to be opaque and stable for a device and region; a secret per process
// keeps clients from reading anything into it.
const BLOB_SECRET = randomBytes(16);

/** `d_blob`: opaque Audience Manager metadata the ID service hands back for the next calls. */
export function blobFor(mid: string, region: number): string {
  return createHash('sha256').update(BLOB_SECRET).update(`${mid}|${region}`).digest('base64url').slice(0, 43);
}
