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
 * opt visitors out here; an http page keeps no backup. The cookie is read once (`backup`: as
 * consent is granted, never before), and only where this partner's device-ID copy is missing
 * too (a first visit, or the storage emptied); the marker is then written back. Read through
 * the Cookie Store API where the browser has it: `document.cookie` is a synchronous round trip
 * to the browser on the page's main thread (+3 ms of script on every first visit in the
 * bench), the Cookie Store's answer is not.
 */
export function optOutMarker(storage: () => Storage, partner: string, doc?: Document): OptOutStore {
  const key = `ar_optout_${partner}`;
  const backup = `__Host-${key}`;
  let backedUp = !doc;
  // Taken at start: the Cookie Store API reads the backup without a synchronous round trip to
  // the browser on the page's main thread (Chromium, Safari 18.4); elsewhere `document.cookie`.
  // (In a try: a page may make `cookieStore` a getter that throws; then `document.cookie`.)
  let get: ((name: string) => Promise<{ value?: string } | null>) | null = null;
  try {
    const store = (globalThis as { cookieStore?: { get(name: string): Promise<{ value?: string } | null> } }).cookieStore;
    if (typeof store?.get === 'function') get = store.get.bind(store);
  } catch {
    // document.cookie it is.
  }
  const [later, stop] = [setTimeout, clearTimeout];
  return {
    read: () => inStorage(storage, (s) => s.getItem(key) === '1', false),
    backup(found) {
      if (backedUp || inStorage(storage, (s) => s.getItem(key) === '1' || s.getItem(deviceIdKey(partner)) !== null, true)) return false;
      backedUp = true;
      let answered = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      // One answer, whichever way it comes; `found` always hears it (the frame's mount waits on it).
      const answer = (kept: boolean): void => {
        if (answered) return;
        answered = true;
        try {
          stop(timer);
        } catch {
          // The timer then reads once more, and is not heard.
        }
        if (kept) inStorage(storage, (s) => s.setItem(key, '1'), undefined);
        found(kept);
      };
      const read = (): void => answer(readCookies(doc!).split('; ').includes(`${backup}=1`));
      try {
        // A Cookie Store whose answer never comes (a page's Object.prototype.then holding it):
        // read the other way after 200 ms.
        timer = later(read, 200);
        if (get) get(backup).then((cookie) => answer(cookie?.value === '1'), read);
        else read();
      } catch {
        // No timers, or a Cookie Store that throws: read the other way, now.
        read();
      }
      return true;
    },
    // Blocked or full: the DCS's opt-out (sent as well) still holds.
    write: () => {
      inStorage(storage, (s) => s.setItem(key, '1'), undefined);
      // Secure, as `__Host-` requires: kept on https and on http://localhost, refused elsewhere.
      if (doc) writeCookie(doc, backup, '1', 400, '', true);
    },
  };
}
