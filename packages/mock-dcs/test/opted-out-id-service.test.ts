// Fidelity review 8. "The DCS stops processing a request, discards trait data, and returns an
// HTTP 200 OK response when a user opts out of tracking at the Audience Manager or partner level"
// (experienceleague.adobe.com/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-race-conditions.html).
// mock-dcs honoured that on /event only (error 171, nothing stored). A device opted out for the
// partner (/demoptout.jpg?d_uuid=…, the form Adobe's mobile SDK sends, or a refused TCF consent)
// still had, from the ID service Visitor API calls on every page, its ID syncs (its device ID in
// each partner's URL), its declared IDs stored, its cookie renewed; and /ibs: (Visitor's
// idSyncByDataSource, a partner's redirect) stored synced IDs on it and redirected with its ID.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const ORG = 'ACME123@AdobeOrg';
const DEVICE = '12345678901234567890123456789012345678';
const config: MockDcsConfig = {
  partners: {
    acme: {
      allowedOrigins: [],
      orgId: ORG,
      dataSources: [{ id: 21, integrationCode: 'crm' }],
      idSyncs: [{ id: 411, dpid: 777, url: 'https://sync.partner.example/p?uid=${DD_UUID}', ttlMinutes: 10080 }],
      traits: [],
      segments: [],
    },
  },
};
const dcs = mockDcsPerFile(config);
const acme = (cookie?: string) => ({ headers: { host: 'acme.dcs.localhost', ...(cookie ? { cookie: `demdex=${cookie}` } : {}) } });
const ID = `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}&d_nsid=0`;
const profile = () => dcs().profiles().find((p) => p.uuid === DEVICE);

describe('a device opted out for the partner, on the ID service and ID syncs', () => {
  it('/id: no ID syncs, no declared ID stored, no cookie, error 171; its Experience Cloud ID stays', async () => {
    await call(dcs().port, `/demoptout.jpg?d_uuid=${DEVICE}`, acme());
    const reply = await call(dcs().port, `${ID}&d_cid_ic=crm%01bob%011&ts=1`, acme(DEVICE));
    const body = reply.json();
    expect(body.ibs).toEqual([]);
    expect(body.errors).toEqual([{ code: 171, msg: `Encountered opt out tag for id ${DEVICE}` }]);
    expect(body.error_msg).toBe(`Encountered opt out tag for id ${DEVICE}`);
    expect(body.d_mid).toMatch(/^\d{38}$/);
    expect(reply.headers['set-cookie']).toBeUndefined();
    expect(reply.headers['x-error']).toBe('171');
    expect(profile()?.declaredIds).toEqual({});
  });

  it('/ibs: nothing synced, no cookie, no redirect carrying its device ID: X-Error 171', async () => {
    await call(dcs().port, `/demoptout.jpg?d_uuid=${DEVICE}`, acme());
    const reply = await call(dcs().port, `/ibs:dpid=777&dpuuid=abc&redir=${encodeURIComponent('https://partner.example/back?aam=${DD_UUID}')}`, acme(DEVICE));
    expect(reply.status).toBe(200);
    expect(reply.headers.location).toBeUndefined();
    expect(reply.headers['x-error']).toBe('171');
    expect(reply.headers['set-cookie']).toBeUndefined();
    expect(profile()?.syncedIds).toEqual({});
  });

  it('after a refused consent (315), later /id calls with consent get no ID syncs either ("cannot be opted back in")', async () => {
    await call(dcs().port, `/event?d_rtbd=json&gdpr=1&gdpr_consent=nope`, acme(DEVICE));
    const body = (await call(dcs().port, `${ID}&ts=2`, acme(DEVICE))).json();
    expect(body.ibs).toEqual([]);
    expect(body.errors).toEqual([expect.objectContaining({ code: 171 })]);
  });

  it('a declared ID opted out (/demoptout.jpg?d_cid=…) stops the /id call that declares it, as on /event', async () => {
    await call(dcs().port, '/demoptout.jpg?d_cid=21%01bob', acme());
    const reply = await call(dcs().port, `${ID}&d_cid_ic=crm%01bob%011&ts=3`, acme());
    expect(reply.json().ibs).toEqual([]);
    expect(reply.json().errors).toEqual([{ code: 171, msg: 'Encountered opt out tag for id bob' }]);
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('opted out of everything, known without its NOTARGET cookie (by d_uuid): d_optout ["global"] and no MID, as with the cookie', async () => {
    await call(dcs().port, `${ID}&ts=4`, acme(DEVICE));
    await call(dcs().port, '/demoptout.jpg', acme(DEVICE));
    const body = (await call(dcs().port, `${ID}&d_uuid=${DEVICE}&ts=5`, acme())).json();
    expect(body.d_optout).toEqual(['global']);
    expect(body.d_mid).toBeUndefined();
    expect(body.ibs).toEqual([]);
    expect(body.errors).toEqual([expect.objectContaining({ code: 171 })]);
  });

  it('/optOutStatus says so too for that device named by its MID, as Visitor asks it while opt-in is pending', async () => {
    const mid = ((await call(dcs().port, `${ID}&ts=7`, acme(DEVICE))).json().d_mid) as string;
    const status = `/optOutStatus?d_visid_ver=5.5.0&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}&d_nsid=0&d_mid=${mid}`;
    expect((await call(dcs().port, status, acme())).json()).toEqual({ d_ottl: 7200 });
    await call(dcs().port, '/demoptout.jpg', acme(DEVICE));
    expect((await call(dcs().port, status, acme())).json()).toEqual({ d_optout: ['global'], d_ottl: 7200 });
  });

  it('a device that did not opt out is served as before: MID, ID syncs with its ID, cookie', async () => {
    const reply = await call(dcs().port, `${ID}&ts=6`, acme(DEVICE));
    expect(reply.json().ibs).toEqual([expect.objectContaining({ id: '411', url: [`https://sync.partner.example/p?uid=${DEVICE}`] })]);
    expect(String(reply.headers['set-cookie'])).toContain(`demdex=${DEVICE}`);
  });
});
