// Fidelity review 8. Adobe's mobile SDK (AEP Audience extension, adobe/aepsdk-audience-ios
// Sources/URL+Audience.swift and its Android twin) sends every signal as
// `https://<aam server>/event?c_<key>=<value>&d_mid=<ECID>&d_blob=<blob>&dcs_region=<region>&d_cid_ic=<code>%01<id>%01<auth>&d_orgid=<org>&d_uuid=<uuid>&d_ptfm=ios&d_dst=1&d_rtbd=json`:
// its org on every call, and back the blob and region the ID service answered (a location hint,
// as "Direct integration with the Experience Cloud Identity Service" lists d_blob and dcs_region).
// mock-dcs refused every such call with error 2 on a partner configured without `orgId` (the
// built-in demo's), though /id takes any org for that partner and gave the very MID; and it
// made `dcs_region` a signal, which a trait could match, where `d_blob` beside it is not one.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const ORG = 'ACME123@AdobeOrg';
// As the built-in demo: a default partner, which the ID service's host (dpm.) falls back to.
const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: {
    acme: {
      allowedOrigins: [],
      dataSources: [{ id: 21, integrationCode: 'crm' }],
      traits: [
        { id: 1001, rule: 'c_section == "sports"' },
        { id: 1002, rule: 'dcs_region == "7"' },
      ],
      segments: [{ id: 5001, rule: '1001T' }],
    },
  },
};
const dcs = mockDcsPerFile(config);
const acme = { headers: { host: 'acme.dcs.localhost' } };

async function idServiceMid(): Promise<{ mid: string; uuid: string }> {
  const reply = await call(dcs().port, `/id?d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}`, { headers: { host: 'dpm.dcs.localhost' } });
  return { mid: reply.json().d_mid as string, uuid: /demdex=(\d{38})/.exec(String(reply.headers['set-cookie']))?.[1] ?? '' };
}

describe("the mobile SDK's Audience call, on a partner configured without orgId", () => {
  it('is processed with its d_orgid, on the device /id linked its MID to, as /id took that org', async () => {
    const { mid, uuid } = await idServiceMid();
    expect(mid).toMatch(/^\d{38}$/);
    const body = (await call(dcs().port, `/event?c_section=sports&d_mid=${mid}&d_blob=abc&dcs_region=7&d_cid_ic=crm%01bob%011&d_orgid=${ORG}&d_ptfm=ios&d_dst=1&d_rtbd=json&d_cts=2`, acme)).json();
    expect(body.errors).toBeUndefined();
    expect(body.uuid).toBe(uuid);
    expect(body.segments).toEqual([5001]);
  });

  it('dcs_region, the region hint sent back, is no signal: no trait matches it and the request log does not list it', async () => {
    const body = (await call(dcs().port, '/event?c_section=sports&d_blob=abc&dcs_region=7&d_ptfm=android&d_dst=1&d_rtbd=json&d_cts=2', acme)).json();
    expect(body.traits).toEqual([1001]);
    expect(Object.keys(dcs().requests().at(-1)?.signals ?? {}).filter((key) => !key.startsWith('h_'))).toEqual(['c_section']);
  });

  it('a partner with an orgId still refuses another org (error 2)', async () => {
    dcs().setConfig({ ...config, partners: { acme: { ...config.partners.acme!, orgId: ORG } } });
    const body = (await call(dcs().port, '/event?c_section=sports&d_orgid=OTHER@AdobeOrg&d_rtbd=json', acme)).json();
    expect(body.errors).toEqual([expect.objectContaining({ code: 2 })]);
    expect(body.uuid).toBeUndefined();
  });
});
