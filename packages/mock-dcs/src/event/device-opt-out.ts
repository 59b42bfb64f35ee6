import type { ProfileStore } from '../profiles';

/**
 * How a device stands for a partner: opted out of everything (`global`: `/demoptout.jpg` with
 * its cookie), of this partner (`partner`: an opt-out by `d_uuid`, `d_mid` or a declared ID, or
 * a consent string that grants no consent), or not at all (null). The DCS "stops processing a
 * request, discards trait data, and returns an HTTP 200 OK response when a user opts out of
 * tracking at the Audience Manager or partner level" ("Race Conditions, Rate Limiting, and Error
 * Handling"): `/event`, `/id` and `/ibs:` all ask this before they store anything.
 */
export function deviceOptOut(profiles: ProfileStore, uuid: string | undefined, partnerName: string): 'global' | 'partner' | null {
  const profile = uuid === undefined ? undefined : profiles.find(uuid);
  if (!profile) return null;
  if (profile.optedOut) return 'global';
  return profile.optedOutPartners?.has(partnerName) ? 'partner' : null;
}
