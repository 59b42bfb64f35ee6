import { MAX_COOKIES, isCookieDestination, type CookieDestination } from '@audience-relay/protocol';
import type { NormalizedOutputs } from './config';

/**
 * Path `/`, `SameSite=Lax`, and `Secure` on HTTPS pages: the attributes of every cookie we
 * write. The value is percent-encoded except for the characters a cookie value may hold,
 * as js-cookie does. We do not use js-cookie itself: it reads its attributes with `for…in`,
 * so on a page that adds to `Object.prototype` (our hostile-page e2e does, as real pages do)
 * it throws or writes the page's junk as cookie attributes.
 */
export function writeCookie(doc: Document, name: string, value: string, days: number, domain = ''): void {
  const encoded = encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);
  doc.cookie = `${name}=${encoded}; Max-Age=${days * 86400}; Path=/; SameSite=Lax${domain ? `; Domain=${domain}` : ''}${doc.location.protocol === 'https:' ? '; Secure' : ''}`;
}

/** Whether a cookie for `domain` (empty: this host; `.x` or `x`: x and its subdomains) can be set from `host`. */
export function domainMatches(host: string, domain: string): boolean {
  const bare = domain.replace(/^\./, '').toLowerCase();
  return bare === '' || host === bare || host.endsWith(`.${bare}`);
}

/**
 * Writes the DCS's cookie destinations (`stuff`) that are well-formed (no attribute can be
 * smuggled in) and whose domain matches this page; skips the rest.
 */
export function writeCookieDestinations(doc: Document, cookies: readonly unknown[]): void {
  for (const cookie of cookies.slice(0, MAX_COOKIES)) {
    if (isCookieDestination(cookie) && domainMatches(doc.location.hostname, cookie.domain)) {
      writeCookie(doc, cookie.name, cookie.value, cookie.days, cookie.domain);
    }
  }
}

/** A first-party cookie with the segment IDs joined by `|` (kept unencoded), for server-side ad requests. */
export function segmentCookieOutput(doc: Document, { name, days }: NonNullable<NormalizedOutputs['cookie']>): (segments: string[]) => void {
  return (segments) => {
    if (segments.length > 0) writeCookie(doc, name, segments.join('|'), days);
    else doc.cookie = `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/`;
  };
}
