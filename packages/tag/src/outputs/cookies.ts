import { MAX_COOKIES, isCookieDestination } from '@audience-relay/protocol';
import { destinationsKey, encodeCookieValue, removeCookie, writeCookie } from '../cookie';
import type { NormalizedOutputs } from '../types';

/** Whether a cookie for `domain` (empty: this host; `.x` or `x`: x and its subdomains) can be set from `host`. */
export function domainMatches(host: string, domain: string): boolean {
  const bare = domain.replace(/^\./, '').toLowerCase();
  return bare === '' || host === bare || host.endsWith(`.${bare}`);
}

/**
 * Writes the DCS's cookie destinations (`stuff`) that are well-formed (no attribute can be
 * smuggled in) and whose domain matches this page; skips the rest. Their names and domains
 * are remembered (`ar_cd_<partner>`), so a withdrawal or an opt-out can remove them.
 * Names the tag owns are never written, so no partner's DCS can opt the visitor out of
 * another partner, plant a device ID or overwrite another's segment cookie: every `ar_`
 * name (opt-out marker, device-ID copy) and each name `reserved` says a partner on this
 * page configured as its cookie output.
 */
export function writeCookieDestinations(doc: Document, cookies: readonly unknown[], storage?: () => Storage, partner = '', reserved: (name: string) => boolean = () => false): void {
  const written = new Set<string>();
  for (const cookie of cookies.slice(0, MAX_COOKIES)) {
    if (isCookieDestination(cookie) && domainMatches(doc.location.hostname, cookie.domain) && !/^ar_/i.test(cookie.name) && !reserved(cookie.name)) {
      writeCookie(doc, cookie.name, encodeCookieValue(cookie.value), cookie.days, cookie.domain);
      written.add(`${cookie.name}|${cookie.domain}`);
    }
  }
  if (written.size === 0 || !storage) return;
  try {
    const store = storage();
    const known = store.getItem(destinationsKey(partner))?.split(',') ?? [];
    store.setItem(destinationsKey(partner), [...new Set([...known, ...written])].slice(-MAX_COOKIES * 5).join(','));
  } catch {
    // Storage blocked: they expire by their own TTL.
  }
}

/** A first-party cookie with the segment IDs joined by `|` (kept unencoded), for server-side ad requests. */
export function segmentCookieOutput(doc: Document, { name, days }: NonNullable<NormalizedOutputs['cookie']>): (segments: string[]) => void {
  return (segments) => {
    if (segments.length > 0) writeCookie(doc, name, encodeCookieValue(segments.join('|')), days);
    else removeCookie(doc, name);
  };
}
