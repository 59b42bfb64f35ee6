import { readCookies, writeCookie } from './cookie';
import { deviceIdKey } from './device-id-copy';
import { inStorage } from './in-storage';
import type { OptOutStore } from './services';

/**
 * The visitor's opt-out, `localStorage['ar_optout_<partner>']` = `1`, kept until the visitor
 * clears the site's data. It is the one thing the tag ever stores without consent: written only
 * at the visitor's request, and what keeps every later page load from calling the DCS. In
 * `localStorage` for the reasons of the device-ID copy (`device-id-copy.ts`): no cookie read on
 * a repeat visit's start path, and no other host of the site can undo it. Storage that throws
 * reads as not opted out here (the DCS's own opt-out still holds) and keeps nothing.
 *
 * A cookie `__Host-ar_optout_<partner>` backs it up: a site's sign-out that empties its
 * `localStorage` (`localStorage.clear()`) must not undo the opt-out where the browser blocks
 * third-party site data, and the frame and the DCS then remember nothing. `__Host-`: only this
 * host, over https, can set it (no Domain), so another host of the site cannot toss one in to
 * opt visitors out here; an http page keeps no backup. The cookie is read
 * once (`deep`: as consent is granted, never before), and only where this partner's
 * device-ID copy is missing too (a first visit, or the storage emptied); the marker is then
 * written back.
 */
export function optOutMarker(storage: () => Storage, partner: string, doc?: Document): OptOutStore {
  const key = `ar_optout_${partner}`;
  const backup = `__Host-${key}`;
  let backedUp = !doc;
  return {
    read: (deep) =>
      inStorage(
        storage,
        (s) => {
          if (s.getItem(key) === '1') return true;
          if (!deep || backedUp || s.getItem(deviceIdKey(partner))) return false;
          backedUp = true;
          const kept = readCookies(doc!).split('; ').includes(`${backup}=1`);
          if (kept) s.setItem(key, '1');
          return kept;
        },
        false,
      ),
    // Blocked or full: the DCS's opt-out (sent as well) still holds.
    write: () => {
      inStorage(storage, (s) => s.setItem(key, '1'), undefined);
      // Secure, as `__Host-` requires: kept on https and on http://localhost, refused elsewhere.
      if (doc) writeCookie(doc, backup, '1', 400, '', true);
    },
  };
}
