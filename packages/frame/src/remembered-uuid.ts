/** The device ID the DCS last answered with, as this frame remembers it. */
export interface RememberedUuid {
  get(): string | null;
  set(uuid: string): void;
}

const KEY = 'ar_dcs_uuid';
const UUID = /^\d{38}$/;

/**
 * For a frame served apart from its DCS, which cannot read the DCS cookie: the last device ID
 * the DCS gave, kept in the frame's own storage. That storage is partitioned by the
 * publisher's site exactly where the DCS cookie is (CHIPS), so when the DCS answers with this
 * ID without being sent it, only its cookie can have told it: the identity is `dcs-cookie`.
 */
export function rememberedUuid(storage: () => Storage | null): RememberedUuid {
  return {
    get() {
      try {
        const value = storage()?.getItem(KEY) ?? null;
        return value !== null && UUID.test(value) ? value : null;
      } catch {
        return null;
      }
    },
    set(uuid) {
      try {
        storage()?.setItem(KEY, uuid);
      } catch {
        // Storage blocked or full: the next answer is then reported `new` or `first-party`.
      }
    },
  };
}
