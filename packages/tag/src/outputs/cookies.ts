import { isCookieDestination, keys, MAX_COOKIE_BYTES, MAX_COOKIES } from '@audience-relay/protocol';
import { destinationsKey, encodeCookieValue, isWritableName, OUTPUT_NAMES, readCookies, recordOf, removeCookie, siteRecord, writeCookie } from '../cookie';
import type { NormalizedOutputs } from '../types';

/** Whether a cookie for `domain` (empty: this host; `.x` or `x`: x and its subdomains) can be set from `host`. */
export function domainMatches(host: string, domain: string): boolean {
  const bare = domain.replace(/^\./, '').toLowerCase();
  return bare === '' || host === bare || host.endsWith(`.${bare}`);
}

/**
 * The Cookie header a DCS's destination may bring the page's site to, at most: servers answer
 * 400 past 8 KB (nginx, Apache), and the site's own cookies and the rest of the request need room.
 */
const MAX_JAR_BYTES = 6144;

/**
 * Names of sessions, logins, remember-me and identity cookies and anti-forgery tokens
 * (PHPSESSID, JSESSIONID, ASP.NET_SessionId, connect.sid, sessionid, laravel_session,
 * csrftoken, XSRF-TOKEN, auth_token, CakePHP's CAKEPHP, Magento's frontend and adminhtml,
 * xf_user, mybbuser, bb_password, KEYCLOAK_IDENTITY, .AspNetCore.Cookies…): never written by a
 * DCS, even where the site has not set one yet (a first visit; an HttpOnly cookie that
 * `document.cookie` never shows). A server that adopts the session ID a browser brings would
 * log the visitor in under an ID the DCS chose (session fixation). A site whose session cookie
 * has another name lists its DCS's destination names (`outputs.cookieDestinations`).
 */
export const CREDENTIAL = /sess|csrf|xsrf|token|auth|log(in|ged)|jwt|(^|[._-])sid$|pass|identity|remember|user$|cakephp|^(frontend|adminhtml)$|^\.aspnet/i;

/**
 * Writes the DCS's cookie destinations (`stuff`) that are well-formed (no attribute can be
 * smuggled in) and whose domain matches this page; skips the rest. A DCS is not trusted with
 * the publisher's cookie jar, so what it may write is bounded across its answers, not per
 * answer, by the record kept of what each partner's DCS wrote (`ar_cd_<partner>`, which a
 * withdrawal or an opt-out uses to remove them):
 * - a writable name only (`isWritableName`: no `ar_`, `__Host-` or `__Secure-` name), no
 *   session or token name (`CREDENTIAL`), and none `reserved` (a partner's configured cookie
 *   output on this page);
 * - no name another partner's DCS wrote (its cookie, its clean-up), and no name already in
 *   the jar that this partner's DCS did not write (the site's own cookies);
 * - at most MAX_COOKIES names per partner, and MAX_COOKIE_BYTES for every partner together, as
 *   this origin's records count them; and never a Cookie header over MAX_JAR_BYTES;
 * - nothing at all when storage is blocked: what cannot be recorded could be neither
 *   counted nor removed;
 * - where the page's config lists the names it accepts (`accepted`), those only.
 */
export function writeCookieDestinations(
  doc: Document,
  cookies: readonly unknown[],
  storage: () => Storage,
  partner: string,
  reserved: (name: string) => boolean = () => false,
  accepted: readonly string[] | null = null,
): void {
  try {
    const store = storage();
    const key = destinationsKey(partner);
    let mine = recordOf(store, key);
    const before = mine;
    // Every other partner's entries: their names are not ours to write, their bytes count.
    const others = keys(store).flatMap((other) => (other !== key && other.startsWith(destinationsKey('')) ? recordOf(store, other) : []));
    const siteOwn = readCookies(doc)
      .split('; ')
      .map((pair) => pair.slice(0, pair.indexOf('=')));
    // The site record as this same read has it (the writes below never touch it): no second
    // read of the jar, a synchronous round trip, once the destinations are written.
    const recordedSiteWide = siteRecord(doc, key);
    // Bytes of site record not written yet (it is written once, after the destinations).
    let pending = 0;
    // The jar as it is now, read once: nothing is written until the records are (below), so
    // what this answer adds is counted here (`planned`), with each cookie's `; `.
    const jar = readCookies(doc).length;
    let planned = 0;
    // Cookies to write, and other partners' output names to remember: only once this origin's
    // records of them are written. Storage that takes no write (blocked, or full: the site's
    // own data took the quota) then writes no cookie: one not recorded could be neither counted
    // nor removed (outside review attack14).
    const writes: Array<[string, string, number, string]> = [];
    const outputNames = recordOf(store, OUTPUT_NAMES);
    const outputsBefore = outputNames.length;
    const size = (entries: string[][]): number => entries.reduce((sum, entry) => sum + (Number(entry[2]) || 0), 0);
    for (const cookie of cookies.slice(0, MAX_COOKIES)) {
      // Not a name the page's config accepts (`outputs.cookieDestinations`): the site may have
      // an HttpOnly cookie of that name, which the tag cannot see.
      if (!isCookieDestination(cookie) || (accepted && !accepted.includes(cookie.name))) continue;
      if (reserved(cookie.name) && isWritableName(cookie.name)) {
        // Another partner's cookie output on this page: remembered for the site's later pages,
        // where that partner may not be, and out of this DCS's record (its clean-up).
        if (!outputNames.some(([name]) => name === cookie.name)) outputNames.push([cookie.name, '', '0']);
        mine = mine.filter(([name]) => name !== cookie.name);
        continue;
      }
      if (!isWritableName(cookie.name) || CREDENTIAL.test(cookie.name) || !domainMatches(doc.location.hostname, cookie.domain)) continue;
      if (others.some(([name]) => name === cookie.name)) continue;
      const value = encodeCookieValue(cookie.value);
      // A name in the jar that this DCS did not write is the site's own (a session, a CSRF
      // token): never overwritten, so never recorded for removal either.
      if (!mine.some(([name]) => name === cookie.name) && siteOwn.includes(cookie.name)) continue;
      // A `dmn` of "." names no domain: this host's cookie (never `Domain=.`). A blank one is
      // Audience Manager's default, "all domains": as DIL writes it, the page's host without a
      // leading `www.` (this host where that is no domain: an IP address, `localhost`).
      const host = doc.location.hostname;
      const at = cookie.domain === '.' ? '' : cookie.domain || (/\.[a-z]/i.test(host) && !host.includes(':') ? host.replace(/^www\./i, '') : '');
      const index = mine.findIndex(([name, domain]) => name === cookie.name && domain === at);
      const entry = [cookie.name, at, String(cookie.name.length + value.length + 1)];
      const next = [...mine];
      next[index < 0 ? mine.length : index] = entry;
      if (next.length > MAX_COOKIES || size(next) + size(others) > MAX_COOKIE_BYTES) continue;
      // The records are this origin's; a `Domain=` cookie reaches the site's other hosts, whose
      // records we cannot read: the page's whole jar is the measure there, with the site
      // record's entries this answer will add (`name:domain|`, and the record's name).
      const recorded = at ? cookie.name.length + at.length + key.length + 3 : 0;
      if (jar + planned + Number(entry[2]) + pending + recorded > MAX_JAR_BYTES) continue;
      writes.push([cookie.name, value, cookie.days, at]);
      planned += Number(entry[2]) + 2;
      pending += recorded;
      mine = next;
    }
    // The records first: if storage refuses them, nothing below is written.
    if (outputNames.length > outputsBefore) store.setItem(OUTPUT_NAMES, outputNames.map((entry) => entry.join('|')).join(','));
    if (mine !== before) store.setItem(key, mine.map((entry) => entry.join('|')).join(','));
    for (const [name, value, days, at] of writes) writeCookie(doc, name, value, days, at);
    if (mine !== before) {
      // Those written with a Domain reach every host of the site: recorded site-wide too, with
      // what other hosts recorded there (`siteRecord`), so a withdrawal or an opt-out on any
      // host removes them. By the domain as the browser takes it (`.pub.example` is
      // `pub.example`), for as long as a cookie may live (400 days): an entry outlives no cookie.
      const bare = (domain = ''): string => domain.replace(/^\./, '').toLowerCase();
      // Once per domain, however many destinations it has.
      const domains = mine.map(([, domain]) => bare(domain));
      for (const at of domains.filter((domain, i) => domain && domains.indexOf(domain) === i)) {
        const entries = [...mine.filter((entry) => bare(entry[1] ?? '') === at).map(([name]) => `${name}:${at}`), ...recordedSiteWide.filter((entry) => entry.endsWith(`:${at}`))];
        writeCookie(doc, key, entries.filter((entry, i) => entries.indexOf(entry) === i).join('|'), 400, at);
      }
    }
  } catch {
    // Storage blocked: nothing written (see above).
  }
}

/**
 * A first-party cookie with the segment IDs joined by `|` (kept unencoded), for server-side ad
 * requests: as many of them, in the DCS's order, as a browser keeps in one cookie (4096 bytes
 * of name and value). A longer value is dropped by the browser without a word, and the cookie
 * would keep the previous answer's segments.
 */
export function segmentCookieOutput(doc: Document, { name, days }: NonNullable<NormalizedOutputs['cookie']>): (segments: string[]) => void {
  return (segments) => {
    let value = '';
    for (const id of segments) {
      const next = `${value}${value && '|'}${encodeCookieValue(id)}`;
      if (name.length + 1 + next.length > 4096) break;
      value = next;
    }
    if (value) writeCookie(doc, name, value, days);
    else removeCookie(doc, name);
  };
}
