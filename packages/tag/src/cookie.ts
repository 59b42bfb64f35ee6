import { cookieOf, setCookie } from './dom';
import { MAX_COOKIES } from '@audience-relay/protocol';
// The first-party cookies the tag writes on the host page: the outputs' segment cookie and the
// DCS's cookie destinations (its own device-ID copy and opt-out marker are in localStorage:
// device-id-copy.ts, opt-out-marker.ts). We do not use
// js-cookie: it reads its attributes with `for…in`, so on a page that adds to
// `Object.prototype` (our hostile-page e2e does, as real pages do) it throws or writes the
// page's junk as cookie attributes.

let jar: string | null = null;

/**
 * `doc.cookie`, read once per task: in Chromium each read is a synchronous round trip to the
 * browser process (1-17 ms on a busy machine). Our own writes invalidate it. (One page, one
 * document: the tag never reads another's.)
 */
export function readCookies(doc: Document): string {
  if (jar !== null) return jar;
  let read: string;
  try {
    read = cookieOf(doc);
  } catch {
    // A document without a cookie jar (sandboxed, opaque origin: SecurityError) reads as an
    // empty one, as the frame does on its side.
    read = '';
  }
  try {
    setTimeout(() => (jar = null));
    jar = read;
  } catch {
    // No timers (a page that broke setTimeout): nothing is kept past this read.
  }
  return read;
}

/**
 * Path `/`, `SameSite=Lax`, and `Secure` on HTTPS pages: the attributes of every cookie we
 * write. `value` must already be a valid cookie value (see `encodeCookieValue`). 0 `days`
 * removes it (Max-Age -1: 0 is not yet in the past, for a moment, in some cookie jars).
 * Through document.cookie even where the Cookie Store API is: a document.cookie write does
 * not wait on the browser in Chromium (0.6 ms median in a busy page here; cookieStore.set
 * 1.6 ms, and its cookies are always Secure, so not for HTTP pages).
 */
export function writeCookie(doc: Document, name: string, value: string, days: number, domain = '', secure = doc.location.protocol === 'https:'): void {
  jar = null;
  try {
    setCookie(doc, `${name}=${value}; Max-Age=${days * 86400 || -1}; Path=/; SameSite=Lax${domain ? `; Domain=${domain}` : ''}${secure ? '; Secure' : ''}`);
  } catch {
    // No cookie jar (see readCookies): nothing kept, nothing thrown.
  }
}

/** Percent-encoded except for the characters a cookie value may hold, as js-cookie does. */
export function encodeCookieValue(value: string): string {
  return encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);
}

/** Removes cookie `name` (of `domain`, if given): the same write, expired. */
export const removeCookie = (doc: Document, name: string, domain = ''): void => writeCookie(doc, name, '', 0, domain);

/**
 * The site-wide record of a partner's cookie destinations written with a Domain: cookies named
 * `destinationsKey(partner)` on those domains, `name:domain|…` (`outputs/cookies.ts`). Such a
 * destination reaches every host of the site, whose storage is not this origin's: a withdrawal
 * or an opt-out on any host finds them here. The entries of every such cookie in the jar.
 */
export function siteRecord(doc: Document, key: string): string[] {
  return readCookies(doc)
    .split('; ')
    .flatMap((pair) => (pair.startsWith(`${key}=`) ? pair.slice(key.length + 1).split('|') : []));
}

/** Where the cookie destinations we wrote for a partner are recorded: `name|domain|bytes,…`. */
export const destinationsKey = (partner: string): string => `ar_cd_${partner}`;
/**
 * The record of cookie output names partners configured on this site (no partner name starts
 * with `_`): as another partner's record, they are refused to every DCS's destinations on the
 * site's later pages too, and no DCS's clean-up removes them.
 */
export const OUTPUT_NAMES = destinationsKey('_outputs');

/**
 * A name a DCS may write on the host page: letters, digits, `_`, `.` and `-`, so never the
 * record's separators, never an `ar_` name (the tag's own: opt-out marker, device-ID copy) and
 * never a `__Host-` or `__Secure-` one in any letter case (the site's hardened cookies: a
 * session, a CSRF token). Checked when written and when a record is read or cleared (a record
 * an older version left may hold other names).
 */
export const isWritableName = (name: string): boolean => /^(?!__|ar_)[\w.-]{1,100}$/i.test(name);

/**
 * A record (see `destinationsKey`) as [name, domain, bytes] entries: only entries of this
 * form (or an older version's `name|domain`) with a writable name. An entry an older version
 * wrote for a name holding `|` has another form, and is skipped, not misread as a shorter name.
 */
export const recordOf = (store: Storage, key: string): string[][] =>
  (store.getItem(key) ?? '')
    .split(',')
    .map((entry) => entry.split('|'))
    .filter(([name, , bytes, more]) => name && isWritableName(name) && more === undefined && (bytes === undefined || /^\d+$/.test(bytes)));
