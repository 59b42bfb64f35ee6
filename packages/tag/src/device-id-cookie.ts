import { removeCookie, writeCookie } from './cookie';

/** Where the tag keeps its first-party copy of the DCS device ID. */
export interface DeviceIdStore {
  read(): string | null;
  write(uuid: string): void;
  /** Forgets the device ID (consent withdrawn, opt-out). */
  clear(): void;
}

/**
 * A first-party cookie on the publisher's site, `ar_uuid_<partner>`: it survives where the
 * DCS's own cookie cannot (third-party cookies blocked), and the frame then offers it as
 * `d_uuid`. Only a 38-digit ID is ever written (nothing can smuggle cookie attributes in),
 * and only when it changes. 180 days, like the DCS cookie.
 */
export function deviceIdCookie(doc: Document, partner: string): DeviceIdStore {
  const name = `ar_uuid_${partner}`;
  const read = (): string | null => doc.cookie.match(new RegExp(`(?:^|; )${name}=(\\d{38})(?:;|$)`))?.[1] ?? null;
  return {
    read,
    write(uuid) {
      if (!/^\d{38}$/.test(uuid) || read() === uuid) return;
      writeCookie(doc, name, uuid, 180);
    },
    clear: () => removeCookie(doc, name),
  };
}
