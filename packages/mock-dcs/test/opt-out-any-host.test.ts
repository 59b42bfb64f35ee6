// Fidelity review 9. The opt-out endpoint is called on hosts that name no partner:
// - Audience Manager's global opt-out, "opt-out from data collection by all Audience Manager
//   brands": `https://www.demdex.net/demoptout.jpg` with the visitor's cookies ("Data privacy
//   requests"), which needs no partner at all;
// - Adobe's mobile SDK: `https://<experienceCloud.server, default dpm.demdex.net>/demoptout.jpg?d_orgid=<org>&d_mid=<ECID>`
//   (adobe/aepsdk-core-ios, AEPIdentity URL+Identity buildOptOutURL), the form "Data privacy
//   requests" documents for an Experience Cloud ID (`d_mid=123&d_orgid=IMSoRGid`): the org names
//   the partner, as on the ID service's own /id on the same host.
// mock-dcs took the partner from the host alone: without a defaultPartner both were refused
// with error 1, nobody opted out.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const ORG = 'ACME123@AdobeOrg';
const config: MockDcsConfig = {
  // No defaultPartner: www. and dpm. name nobody.
  partners: { acme: { allowedOrigins: [], orgId: ORG, traits: [{ id: 1, rule: 'c_x == "1"' }], segments: [] } },
};
const dcs = mockDcsPerFile(config);
const ACME = { host: 'acme.dcs.localhost' };
const uuidIn = (setCookie: unknown): string => /demdex=(\d{38})/.exec(String(setCookie))?.[1] ?? '';

describe('/demoptout.jpg on a host that names no partner', () => {
  it("www.: the global opt-out by cookie needs no partner: the device cookie and dextp become NOTARGET", async () => {
    const uuid = uuidIn((await call(dcs().port, '/event?d_rtbd=json', { headers: ACME })).headers['set-cookie']);
    const reply = await call(dcs().port, '/demoptout.jpg', { headers: { host: 'www.dcs.localhost', cookie: `demdex=${uuid}` } });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/gif');
    expect(String(reply.headers['set-cookie'])).toMatch(/demdex=NOTARGET/);
    expect(String(reply.headers['set-cookie'])).toMatch(/dextp=NOTARGET/);
  });

  it("dpm. with d_orgid and d_mid (the mobile SDK's opt-out): the org's partner opts out the device the ID service linked", async () => {
    const id = await call(dcs().port, `/id?d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}`, { headers: { host: 'dpm.dcs.localhost' } });
    const mid = id.json().d_mid as string;
    const reply = await call(dcs().port, `/demoptout.jpg?d_orgid=${encodeURIComponent(ORG)}&d_mid=${mid}`, { headers: { host: 'dpm.dcs.localhost' } });
    expect(reply.headers['content-type']).toBe('image/gif');
    expect(reply.headers['x-error']).toBeUndefined();
    const after = await call(dcs().port, `/event?d_rtbd=json&d_mid=${mid}&d_orgid=${encodeURIComponent(ORG)}`, { headers: ACME });
    expect(after.json().errors).toEqual([expect.objectContaining({ code: 171 })]);
  });

  it('an IDs call whose org is unknown is error 2, and one with no org on such a host error 1: nobody is opted out', async () => {
    const unknownOrg = await call(dcs().port, '/demoptout.jpg?d_orgid=OTHER%40AdobeOrg&d_mid=12345678901234567890123456789012345678', { headers: { host: 'dpm.dcs.localhost' } });
    expect(unknownOrg.headers['x-error']).toBe('2');
    const noOrg = await call(dcs().port, '/demoptout.jpg?d_uuid=12345678901234567890123456789012345678', { headers: { host: 'dpm.dcs.localhost' } });
    expect(noOrg.headers['x-error']).toBe('1');
  });
});
