import { ownCookieName, readCookie, removeCookie, writeCookie } from './cookie';
import type { DeviceIdStore } from './services';

/**
 * A first-party cookie on the publisher's site, `ar_uuid_<partner>` (`__Host-` in a secure
 * context: see `ownCookieName`): it survives where the
 * DCS's own cookie cannot (third-party cookies blocked), and the frame then offers it as
 * `d_uuid`. Only a 38-digit ID is ever written (nothing can smuggle cookie attributes in),
 * and only when it changes. 180 days, like the DCS cookie.
 */
export function deviceIdCookie(doc: Document, partner: string, secure = false): DeviceIdStore {
  const name = ownCookieName(`ar_uuid_${partner}`, secure);
  // What the cookie held when last read or written here: a write of the same ID needs no
  // second look at document.cookie.
  let known: string | null | undefined;
  const read = (): string | null => {
    const value = readCookie(doc, name);
    return (known = value && /^\d{38}$/.test(value) ? value : null);
  };
  return {
    read,
    write(uuid) {
      if (!/^\d{38}$/.test(uuid) || uuid === (known === undefined ? read() : known)) return;
      writeCookie(doc, name, uuid, 180);
      known = uuid;
    },
    clear() {
      removeCookie(doc, name);
      known = null;
    },
  };
}
