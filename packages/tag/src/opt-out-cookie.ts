import { ownCookieName, readCookie, writeCookie } from './cookie';
import type { OptOutStore } from './services';

/**
 * A first-party cookie, `ar_optout_<partner>=1` (`__Host-` in a secure context: see
 * `ownCookieName`), for 400 days (the longest browsers keep
 * one). It is the one thing the tag ever stores without consent: it is written only at the
 * visitor's request, and it is what keeps every later page load from calling the DCS.
 */
export function optOutCookie(doc: Document, partner: string, secure = false): OptOutStore {
  const name = ownCookieName(`ar_optout_${partner}`, secure);
  return {
    read: () => readCookie(doc, name) === '1',
    write: () => writeCookie(doc, name, '1', 400),
  };
}
