import Cookies from 'js-cookie';
import { MAX_COOKIES, isCookieDestination, type CookieDestination } from '@audience-relay/protocol';
import type { NormalizedOutputs } from './config';

/** Path `/`, `SameSite=Lax`, and `Secure` on HTTPS pages: the attributes of every cookie we write. */
export function writeCookie(doc: Document, name: string, value: string, days: number, domain = ''): void {
  Cookies.set(name, value, {
    expires: days,
    path: '/',
    sameSite: 'Lax',
    secure: doc.location.protocol === 'https:',
    ...(domain ? { domain } : {}),
  });
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

/** A first-party cookie with the segment IDs joined by `|` (unencoded by js-cookie), for server-side ad requests. */
export function segmentCookieOutput(doc: Document, { name, days }: NonNullable<NormalizedOutputs['cookie']>): (segments: string[]) => void {
  return (segments) => {
    if (segments.length > 0) writeCookie(doc, name, segments.join('|'), days);
    else Cookies.remove(name, { path: '/' });
  };
}
