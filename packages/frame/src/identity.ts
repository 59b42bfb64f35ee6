import type { Identity } from '@audience-relay/protocol';

/** A DCS device ID: 38 digits. One pattern for the frame's readers of it. */
export const UUID = /^\d{38}$/;

/** The device ID in the DCS cookie, as the frame (on the DCS origin) can read it. */
export function dcsCookieUuid(cookies: string, name = 'demdex'): string | null {
  for (const pair of cookies.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) {
      const value = pair.slice(eq + 1).trim();
      return UUID.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * Which device ID to send as `d_uuid`: none when the DCS can read its own cookie (it is
 * the DCS's identity, and wins), or under COPPA; else the tag's first-party copy.
 */
export function chooseDeviceId(cookieUuid: string | null, offered: string | null, coppa: boolean): string | null {
  if (coppa || cookieUuid) return null;
  return offered;
}

/** Says honestly where the answer's device ID came from. */
export function identitySource(resultUuid: string | null, cookieUuid: string | null, sent: string | null): Identity['source'] {
  if (!resultUuid) return 'none';
  if (resultUuid === cookieUuid) return 'dcs-cookie';
  if (resultUuid === sent) return 'first-party';
  return 'new';
}
