// Fidelity review 9. Partners' ID syncs come back to Audience Manager on its own host, which
// names no partner: "https://dpm.demdex.net/ibs:dpid=<VENDOR_ID>&dpuuid=<VENDOR_UUID>&redir=<REDIRECT_URL>"
// ("ID Synchronization for Inbound Data Transfers"; DIL's aamIdSync builds
// //dpm.demdex.net/ibs:dpid=…&dpuuid=…). The sync maps the vendor's ID to the device, whoever
// the customer; with gdpr=1 and no consent the IAB TCF plug-in "drops the call completely if
// there is no partner context detected" (error 315, "DCS Error Codes, Messages, and Examples").
// mock-dcs took the partner from the host alone: without a defaultPartner, every sync on dpm.
// was refused with error 1, nothing stored and no redirect.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const config: MockDcsConfig = {
  partners: { acme: { allowedOrigins: [], traits: [], segments: [] } },
};
const dcs = mockDcsPerFile(config);
const uuidIn = (setCookie: unknown): string => /demdex=(\d{38})/.exec(String(setCookie))?.[1] ?? '';
const DPM = { host: 'dpm.dcs.localhost' };

describe('/ibs: on a host that names no partner (dpm.)', () => {
  it("stores the vendor's ID on the cookie's device and redirects with ${DD_UUID}", async () => {
    const uuid = uuidIn((await call(dcs().port, '/event?d_rtbd=json', { headers: { host: 'acme.dcs.localhost' } })).headers['set-cookie']);
    const reply = await call(dcs().port, `/ibs:dpid=777&dpuuid=vendor-1&redir=${encodeURIComponent('https://vendor.example/done?aam=${DD_UUID}')}`, { headers: { ...DPM, cookie: `demdex=${uuid}` } });
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe(`https://vendor.example/done?aam=${uuid}`);
    expect(dcs().profiles().find((p) => p.uuid === uuid)?.syncedIds).toEqual({ 777: 'vendor-1' });
  });

  it('a first visit gets a device ID; gdpr=1 without consent is dropped (315): nothing stored, no cookie', async () => {
    const first = await call(dcs().port, '/ibs:dpid=777&dpuuid=vendor-2', { headers: DPM });
    expect(first.headers['content-type']).toBe('image/gif');
    expect(uuidIn(first.headers['set-cookie'])).toMatch(/^\d{38}$/);
    const refused = await call(dcs().port, '/ibs:dpid=777&dpuuid=vendor-3&gdpr=1', { headers: DPM });
    expect(refused.headers['x-error']).toBe('315');
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect(JSON.stringify(dcs().profiles())).not.toContain('vendor-3');
  });
});
