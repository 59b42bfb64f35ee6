// Fidelity review 9. The ID service's answer carries a transaction ID (`tid`), as every DCS
// answer does: Adobe's mobile SDK decodes a recorded /id answer that ends
// `..."ibs":[],"subdomain":"obumobile5","tid":"c8VdE0tuQkg="}` (adobe/aepsdk-core-ios,
// AEPIdentity/Tests/IdentityHitResponseTests.swift, testDecodeAdditionalFields), the same
// 12-character base64 form as the /event samples of "Supported Attributes for DCS API Calls"
// (`"tid": "ss3OTqPiQp0="`). mock-dcs answered /id without one, so a support trail or a
// client check keyed on it found nothing.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const ORG = 'ACME123@AdobeOrg';
const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: { acme: { allowedOrigins: [], orgId: ORG, traits: [], segments: [] } },
};
const dcs = mockDcsPerFile(config);
const ID = `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}&d_nsid=0`;
const TID = /^[A-Za-z0-9+/]{11}=$/;

describe('the ID service answer carries tid, as the DCS answers do', () => {
  it('a first call: tid, after the documented fields, one per call', async () => {
    const first = (await call(dcs().port, ID)).json();
    const second = (await call(dcs().port, ID)).json();
    expect(first.d_mid).toMatch(/^\d{38}$/);
    expect(first.tid).toMatch(TID);
    expect(second.tid).toMatch(TID);
    expect(second.tid).not.toBe(first.tid);
  });

  it('JSONP and answers with errors carry it too (an unknown org, a bad d_mid, a bad escape)', async () => {
    const jsonp = await call(dcs().port, `${ID}&d_cb=s_c_il%5B0%5D._setAudienceManagerFields`);
    expect(/"tid":"([^"]+)"/.exec(jsonp.body)?.[1]).toMatch(TID);
    const unknownOrg = (await call(dcs().port, '/id?d_rtbd=json&d_ver=2&d_orgid=OTHER%40AdobeOrg')).json();
    expect(unknownOrg.errors).toEqual([expect.objectContaining({ code: 2 })]);
    expect(unknownOrg.tid).toMatch(TID);
    const badMid = (await call(dcs().port, `${ID}&d_mid=123`)).json();
    expect(badMid.errors).toEqual([expect.objectContaining({ code: 101 })]);
    expect(badMid.tid).toMatch(TID);
    const badEscape = (await call(dcs().port, `${ID}&d_blob=%zz`)).json();
    expect(badEscape.errors).toEqual([expect.objectContaining({ code: 311 })]);
    expect(badEscape.tid).toMatch(TID);
  });
});
