// VisitorAPI.js (github Adobe-Marketing-Cloud/id-service, _getAudienceManagerURLData) adds
// `d_cid_ic=AVID%01<Analytics ID>` to every /id call of a visitor who has a legacy Analytics
// ID (the s_vi cookie, or a grace period): `AVID` is Adobe's own integration code, valid for
// every partner, whatever data sources the partner has set up.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const ORG = 'ACME123@AdobeOrg';
const ID = `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}&d_nsid=0`;
const AID = '2F3A1B2C4D5E6F70-4000061A60001234';
const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: { acme: { allowedOrigins: [], orgId: ORG, dataSources: [{ id: 21, integrationCode: 'crm' }, ...[22, 23, 24, 25, 26, 27, 28].map((id) => ({ id }))], traits: [], segments: [] } },
};

const dcs = mockDcsPerFile(config);

describe('d_cid_ic=AVID: the Analytics ID the ID service sends', () => {
  it('/id with only the AVID pair answers without error (it was 300 and 104: every customer ID invalid)', async () => {
    const reply = await call(dcs().port, `${ID}&d_cid_ic=AVID%01${AID}`);
    expect(reply.json().d_mid).toMatch(/^\d{38}$/);
    expect(reply.json().errors).toBeUndefined();
    expect(reply.json().error_msg).toBeUndefined();
    expect(reply.headers['x-error']).toBeUndefined();
  });

  it('beside customer IDs it takes no place among them: ten customer IDs and the AVID give no 301', async () => {
    const crm = Array.from({ length: 3 }, (_, i) => `&d_cid_ic=crm%01u-${i}`).join('');
    const body = (await call(dcs().port, `/event?d_rtbd=json${crm}&d_cid_ic=AVID%01${AID}&d_cid=22%01a&d_cid=23%01b&d_cid=24%01c&d_cid=25%01d&d_cid=26%01e&d_cid=27%01f&d_cid=28%01g`)).json();
    expect(body.errors).toBeUndefined();
    expect(dcs().profiles().find((p) => p.uuid === body.uuid)?.declaredIds).toMatchObject({ 21: ['u-0', 'u-1', 'u-2'] });
  });

  it('an Analytics ID not in its format (hexadecimal and hyphens, as Visitor checks it) is an invalid customer ID, 300', async () => {
    const body = (await call(dcs().port, `${ID}&d_cid_ic=AVID%01not%20an%20aid&d_cid_ic=crm%01u-1`)).json();
    expect(body.errors).toEqual([{ code: 300, msg: expect.stringContaining('AVID') }]);
  });
});

describe('d_cid_ns: customer IDs by namespace (Visitor syncIdentity)', () => {
  // VisitorAPI.js sends customer IDs set with syncIdentity as
  // `d_cid_ns=<namespace>%01<id>[%01<authState>]`, beside d_cid_ic. A customer ID is no
  // signal: no trait can be about it, and the request log does not list it as one.
  it('is not a signal on /event', async () => {
    dcs().setConfig({ ...config, partners: { acme: { ...config.partners.acme!, traits: [{ id: 1001, rule: 'd_cid_ns contains "x"' }], segments: [] } } });
    const body = (await call(dcs().port, '/event?d_rtbd=json&d_cts=2&d_cid_ns=6%01x-hashed%011')).json();
    expect(body.traits).toEqual([]);
    expect(Object.keys(dcs().requests().at(-1)?.signals ?? {}).filter((k) => !k.startsWith('h_'))).toEqual([]);
  });
});
