// Fidelity review 9. Adobe's mobile SDK declares the app's push token to the ID service as a
// customer ID of Adobe's push data source: MobileCore.setPushIdentifier makes the next /id call
// carry `d_cid=20920%01<push token>` (adobe/aepsdk-core-ios, AEPIdentity: IdentityConstants
// MCPNS_DPID = "20920", Event+Identity `dpids`, URL+Identity `buildIdentityHitURL`), for every
// app of every org. And the SDK reads any `error_msg` in the answer as a failed call: it keeps
// neither the blob nor the region (IdentityState, "something's wrong - n/w call returned an
// error"). mock-dcs, for a partner whose config lists its `dataSources`, answered that d_cid
// with error 300 (a data source not the partner's), so a push-enabled app under QA lost its
// blob and region on every push sync, which Audience Manager, whose ID service the SDK is
// built for, cannot be doing.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const ORG = 'ACME123@AdobeOrg';
const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: { acme: { allowedOrigins: [], orgId: ORG, dataSources: [{ id: 21, integrationCode: 'crm' }], traits: [], segments: [] } },
};
const dcs = mockDcsPerFile(config);
const TOKEN = 'c0ffee'.repeat(10) + 'abcd';
// As the SDK builds it: d_rtbd, d_ver, d_orgid, d_mid, then customer IDs, then the push ID.
const mobileId = (extra: string): string => `/id?d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}&d_mid=12345678901234567890123456789012345678${extra}`;

describe("the mobile SDK's push identifier on /id (d_cid=20920%01<token>)", () => {
  it('is taken, not error 300: the answer has no error_msg, so the SDK keeps its blob and region', async () => {
    const body = (await call(dcs().port, mobileId(`&d_cid_ic=crm%01u-1%011&d_cid=20920%01${TOKEN}`), { headers: { host: 'dpm.dcs.localhost' } })).json();
    expect(body.error_msg).toBeUndefined();
    expect(body.errors).toBeUndefined();
    expect(body.d_blob).toEqual(expect.any(String));
    expect(body.dcs_region).toBe(7);
  });

  it('another data source the partner does not have is still error 300', async () => {
    const body = (await call(dcs().port, mobileId('&d_cid=20921%01x'))).json();
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code: 300 })]));
  });
});
