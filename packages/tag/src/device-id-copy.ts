import { inStorage } from './in-storage';
import type { DeviceIdStore } from './services';

const UUID = /^\d{38}$/;
const MAX_AGE_MS = 180 * 86_400_000;

/**
 * The tag's first-party copy of the device ID, `localStorage['ar_uuid_<partner>']` =
 * `<id>|<epoch ms written>`: it survives where the DCS's own cookie cannot (third-party
 * cookies blocked), and the frame then offers it as `d_uuid`. 180 days, like the DCS cookie.
 *
 * In `localStorage`, not a cookie: the start path opens `localStorage` anyway (the segment
 * cache), while each `document.cookie` read is a synchronous round trip to the browser process
 * (5-17 ms on a busy page here); no other host of the site can set it (a site-wide cookie
 * can be "tossed" by any subdomain); and it never goes over the wire with the page's requests.
 * Only a 38-digit ID is ever written, and only when it changes. Storage that throws (blocked,
 * full, sandboxed) keeps no copy.
 */
/** Where a partner's device-ID copy is: `localStorage[deviceIdKey(partner)]`. */
export const deviceIdKey = (partner: string): string => `ar_uuid_${partner}`;

export function deviceIdCopy(storage: () => Storage, partner: string, now: () => number = Date.now): DeviceIdStore {
  const key = deviceIdKey(partner);
  // What storage held when last read or written here: a write of the same ID needs no second look.
  let known: string | null | undefined;
  const read = (): string | null =>
    (known = inStorage(
      storage,
      (s) => {
        const [uuid = '', at = ''] = (s.getItem(key) ?? '').split('|');
        const age = now() - Number(at);
        return UUID.test(uuid) && /^\d{1,15}$/.test(at) && age >= 0 && age <= MAX_AGE_MS ? uuid : null;
      },
      null,
    ));
  return {
    read,
    write(uuid) {
      if (!UUID.test(uuid) || uuid === (known === undefined ? read() : known)) return;
      inStorage(storage, (s) => s.setItem(key, `${uuid}|${now()}`), undefined);
      known = uuid;
    },
    clear() {
      inStorage(storage, (s) => s.removeItem(key), undefined);
      known = null;
    },
  };
}
