import { UUID } from './identity';

/** The device IDs the DCS has answered with, as a frame served apart from it remembers them. */
export interface RememberedUuid {
  /** Whether the DCS gave this device ID before (to this browser, as far as the frame can tell). */
  has(uuid: string): boolean;
  add(uuid: string): void;
  /** Forgets them all (the visitor opted out). */
  forget(): void;
}

/** Where the frame keeps them: its host's cookie jar and its own storage. */
export interface RememberedStores {
  /** `document.cookie` of the frame's host: read, and written one cookie at a time. */
  readCookies(): string;
  writeCookie(cookie: string): void;
  storage(): Storage | null;
}

/** The record's name (cookie and storage key); the frame passes one per partner (`ar_dcs_uuid_<partner>`). */
const DEFAULT_NAME = 'ar_dcs_uuid';
/** A few: one browser can hold a DCS cookie per publisher site where it is partitioned (CHIPS). */
const MAX = 4;
const MAX_AGE_S = 180 * 24 * 3600;

/**
 * For a frame served apart from its DCS, which cannot read the DCS cookie. When the DCS
 * answers, unasked (no `d_uuid` sent), with a device ID it gave before, only its cookie can
 * have told it: the identity is `dcs-cookie`. The record lives where a partitioned (CHIPS) DCS
 * cookie does: a cross-site, partitioned cookie of the frame's host, and the frame's storage,
 * both keyed by the publisher's site.
 */
export function rememberedUuid(stores: RememberedStores, name = DEFAULT_NAME, path = '/'): RememberedUuid {
  // Partitioned (CHIPS), as the DCS cookie it stands for, and on the frame's own directory: a
  // cookie of the whole host, unpartitioned, went with every request any site made to the
  // frame's host (another customer's file on a shared CDN), the visitor's DCS device ID in it.
  const attributes = `Path=${path}; SameSite=None; Secure; Partitioned`;
  const read = (): string[] => {
    const ids = new Set<string>();
    try {
      for (const pair of stores.readCookies().split(';')) {
        const eq = pair.indexOf('=');
        if (pair.slice(0, eq).trim() === name) for (const id of pair.slice(eq + 1).split('.')) ids.add(id.trim());
      }
    } catch {
      // Cookies blocked for the frame's host.
    }
    try {
      for (const id of (stores.storage()?.getItem(name) ?? '').split('.')) ids.add(id);
    } catch {
      // Storage blocked.
    }
    return [...ids].filter((id) => UUID.test(id));
  };
  return {
    has: (uuid) => read().includes(uuid),
    add(uuid) {
      if (!UUID.test(uuid)) return;
      const value = [uuid, ...read().filter((id) => id !== uuid)].slice(0, MAX).join('.');
      try {
        stores.writeCookie(`${name}=${value}; Max-Age=${MAX_AGE_S}; ${attributes}`);
      } catch {
        // Refused: third-party cookies blocked. The storage copy below still holds.
      }
      try {
        stores.storage()?.setItem(name, value);
      } catch {
        // Storage blocked or full: the next answer is then reported `new` or `first-party`.
      }
    },
    forget() {
      try {
        stores.writeCookie(`${name}=; Max-Age=0; ${attributes}`);
      } catch {
        // Never written.
      }
      try {
        stores.storage()?.removeItem(name);
      } catch {
        // Never written.
      }
    },
  };
}
