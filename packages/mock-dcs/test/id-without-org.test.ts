// The ID service's direct integration, use case 1 ("Direct integration examples",
// experienceleague.adobe.com/docs/id-service/using/implementation/direct-integration-examples.html):
// "I have an Experience Cloud ID (MID) but want to pass my visitor IDs and set an authentication
// state": `https://dpm.demdex.net/id?d_mid=1234&d_cid=4444%019876%011&d_ver=2`, no d_orgid. The
// data source of the declared ID places the call. mock-dcs answered error 2 "d_orgid is
// required" and linked nothing.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const MID = '12345678901234567890123456789012345678';
const config: MockDcsConfig = {
  partners: {
    acme: { allowedOrigins: [], orgId: 'ACME@AdobeOrg', dataSources: [{ id: 4444, integrationCode: 'crm' }], traits: [], segments: [] },
    beta: { allowedOrigins: [], orgId: 'BETA@AdobeOrg', dataSources: [{ id: 5555 }], traits: [], segments: [] },
  },
};
const dcs = mockDcsPerFile(config);
const dpm = { headers: { host: 'dpm.dcs.localhost' } };

describe('/id with d_mid and a declared ID, without d_orgid', () => {
  it('is placed by the declared ID\'s data source: answered with the MID, the ID declared, the MID linked', async () => {
    const reply = await call(dcs().port, `/id?d_mid=${MID}&d_cid=4444%019876%011&d_ver=2`, dpm);
    const body = reply.json();
    expect(body.errors).toBeUndefined();
    expect(body).toMatchObject({ d_mid: MID, subdomain: 'acme' });
    const uuid = /demdex=(\d{38})/.exec(String(reply.headers['set-cookie']))?.[1];
    expect(dcs().profiles().find((p) => p.uuid === uuid)?.declaredIds).toEqual({ 4444: ['9876'] });
    // The MID now names that device on /event, as after any /id call.
    const event = (await call(dcs().port, `/event?d_rtbd=json&d_mid=${MID}`, { headers: { host: 'acme.dcs.localhost' } })).json();
    expect(event.uuid).toBe(uuid);
  });

  it('by integration code too (d_cid_ic)', async () => {
    expect((await call(dcs().port, `/id?d_mid=${MID}&d_cid_ic=crm%01u1%011&d_ver=2`, dpm)).json()).toMatchObject({ d_mid: MID, subdomain: 'acme' });
  });

  it('still error 2 without a MID, or when no single partner has the data source', async () => {
    expect((await call(dcs().port, '/id?d_cid=4444%019876&d_ver=2', dpm)).json().errors).toEqual([{ code: 2, msg: expect.stringMatching(/^Invalid d_orgid value \(could not find a config for this org id\): \(no d_orgid/) }]);
    expect((await call(dcs().port, `/id?d_mid=${MID}&d_cid=7777%01x&d_ver=2`, dpm)).json().errors).toEqual([{ code: 2, msg: expect.stringMatching(/^Invalid d_orgid value \(could not find a config for this org id\): \(no d_orgid/) }]);
    expect((await call(dcs().port, `/id?d_mid=${MID}&d_cid=4444%01x&d_cid=5555%01y&d_ver=2`, dpm)).json().errors).toEqual([{ code: 2, msg: expect.stringMatching(/^Invalid d_orgid value \(could not find a config for this org id\): \(no d_orgid/) }]);
  });
});
