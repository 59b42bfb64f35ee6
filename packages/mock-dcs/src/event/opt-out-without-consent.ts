import type { ProfileStore } from '../profiles';

/**
 * The IAB TCF plug-in's answer to a call whose consent string grants no consent
 * (https://experienceleague.adobe.com/docs/audience-manager/user-guide/overview/data-security-and-privacy/aam-iab-plugin.html):
 * the device the call names and each declared ID on it, with the device that ID was last seen
 * on, are opted out for this partner; later calls with any of them get 171, even with consent.
 */
export function optOutWithoutConsent(profiles: ProfileStore, partnerName: string, device: string | undefined, declared: ReadonlyArray<{ dpid: number; dpuuid: string }>): void {
  const devices = new Set<string>();
  if (device) devices.add(device);
  for (const id of declared) {
    const last = profiles.deviceOf(id.dpid, id.dpuuid);
    if (last) devices.add(last);
    profiles.optOutDeclared(id.dpid, id.dpuuid);
  }
  for (const uuid of devices) {
    const profile = profiles.get(uuid, partnerName);
    (profile.optedOutPartners ??= new Set()).add(partnerName);
    profile.traits.clear();
  }
}
