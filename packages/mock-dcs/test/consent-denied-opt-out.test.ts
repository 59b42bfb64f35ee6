// A call whose consent string grants the DCS no consent opts the visitor out, as Audience
// Manager's plug-in for IAB TCF does; before, mock-dcs answered 315 for that call and then
// profiled the same device as usual once a later call carried consent, so QA never saw the
// permanent opt-out a misconfigured page (a CMP without purpose 10 or vendor 565, a tag whose
// `consent.vendorId` is not the DCS's) causes in production.
// - "DCS error codes" (https://experienceleague.adobe.com/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-error-codes.html),
//   315: "When no consent is provided, the Audience Manager Plug-in for IAB TCF opts the user
//   out of further data collection, or drops the call completely if there is no partner context".
// - "Audience Manager Plug-in for IAB TCF" (https://experienceleague.adobe.com/docs/audience-manager/user-guide/overview/data-security-and-privacy/aam-iab-plugin.html):
//   when the user declines consent, Audience Manager "opts out the user from further data
//   collection"; "Users who are opted out of all data collection after they decline consent,
//   cannot be opted back in"; "Cross-Device Consent Management: ... automatically opts out the
//   IDs present on a request ... If the request contains a cross-device ID (CRM ID), Audience
//   Manager opts out the ID, together with the last device linked to that cross-device ID."
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile, tcString } from './helpers';

const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: {
    acme: { allowedOrigins: [], dataSources: [{ id: 21, integrationCode: 'crm' }], traits: [{ id: 1001, rule: 'c_section == "sports"' }], segments: [{ id: 5001, rule: '1001T' }] },
    beta: { allowedOrigins: [], traits: [{ id: 2001, rule: 'c_section == "sports"' }], segments: [] },
  },
};
const dcs = mockDcsPerFile(config);
const EVENT = '/event?d_rtbd=json&d_cts=2&c_section=sports';
const granted = tcString({ purposes: [1, 10], vendors: [565] });
const denied = tcString({ purposes: [1], vendors: [565] });
const uuidOf = (reply: { headers: Record<string, string | string[] | undefined> }): string => /demdex=(\d{38})/.exec(String(reply.headers['set-cookie'] ?? ''))?.[1] ?? '';

describe('a call that grants no consent (315) opts the visitor out, as the IAB TCF plug-in does', () => {
  it('the device of the call (its cookie): later calls get 171 and no data, even with consent', async () => {
    const first = await call(dcs().port, EVENT);
    const uuid = uuidOf(first);
    expect(first.json().segments).toEqual([5001]);
    const refused = await call(dcs().port, `${EVENT}&gdpr=1&gdpr_consent=${denied}`, { headers: { cookie: `demdex=${uuid}` } });
    expect(refused.json().errors).toEqual([expect.objectContaining({ code: 315 })]);
    const later = await call(dcs().port, `${EVENT}&gdpr=1&gdpr_consent=${granted}`, { headers: { cookie: `demdex=${uuid}` } });
    expect(later.json().errors).toEqual([expect.objectContaining({ code: 171 })]);
    expect(later.json().uuid).toBeUndefined();
    expect(later.json().segments).toBeUndefined();
  });

  it('a declared ID on the call, and the device it was last seen on', async () => {
    const seen = await call(dcs().port, `${EVENT}&d_cid=21%01crm-7`);
    const device = uuidOf(seen);
    // From another browser (no cookie), the same customer ID without consent.
    await call(dcs().port, `${EVENT}&d_cid=21%01crm-7&gdpr=1&gdpr_consent=${denied}`);
    expect((await call(dcs().port, `${EVENT}&d_cid=21%01crm-7`)).json().errors).toEqual([expect.objectContaining({ code: 171 })]);
    expect((await call(dcs().port, EVENT, { headers: { cookie: `demdex=${device}` } })).json().errors).toEqual([expect.objectContaining({ code: 171 })]);
  });

  it('for this partner only (the plug-in opts out of "your instance"); another partner still profiles the device', async () => {
    const uuid = uuidOf(await call(dcs().port, EVENT));
    await call(dcs().port, `${EVENT}&gdpr=1&gdpr_consent=${denied}`, { headers: { cookie: `demdex=${uuid}` } });
    const beta = await call(dcs().port, '/event?d_rtbd=json&d_cts=2&c_section=sports', { headers: { cookie: `demdex=${uuid}`, host: 'beta.dcs.localhost' } });
    expect(beta.json().uuid).toBe(uuid);
    expect(beta.json().traits).toEqual([2001]);
  });

  it('a call that names no device (a first visit, no ID) has nobody to opt out: nothing is stored', async () => {
    const refused = await call(dcs().port, `${EVENT}&gdpr=1&gdpr_consent=${denied}`);
    expect(refused.json().errors).toEqual([expect.objectContaining({ code: 315 })]);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect(dcs().profiles()).toEqual([]);
  });
});
