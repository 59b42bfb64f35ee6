// "DCS error codes" (Audience Manager): 300 "Invalid customer id" covers "unauthorized access
// attempt to a data source that does not belong to the partner". mock-dcs took a d_cid in any
// data source, declared and linked it, and answered no error: a page declaring its CRM IDs
// under a mistyped DPID passed QA, and Audience Manager would throw every one of them away.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: {
    acme: { allowedOrigins: [], dataSources: [{ id: 21, integrationCode: 'crm' }], traits: [], segments: [] },
    // No dataSources list: the emulator's older leniency (any DPID) is kept.
    beta: { allowedOrigins: [], traits: [], segments: [] },
  },
};
const dcs = mockDcsPerFile(config);
const declaredOf = (uuid: unknown) => dcs().profiles().find((p) => p.uuid === uuid)?.declaredIds;
const codes = (body: { errors?: Array<{ code: number }> }) => (body.errors ?? []).map((e) => e.code);

describe('a declared ID in a data source the partner does not have', () => {
  it('/event: d_cid=999%01x is thrown away with 300 (and 104, the only ID); the partner\'s own ID beside it is kept', async () => {
    const alone = (await call(dcs().port, '/event?d_rtbd=json&d_cid=999%01x')).json();
    expect(codes(alone)).toEqual([300, 104]);
    expect((alone.errors as Array<{ msg: string }>)[0]?.msg).toMatch(/^Invalid customer id 999%01x: data source 999 is not one of partner acme's/);
    const mixed = (await call(dcs().port, '/event?d_rtbd=json&d_cid=999%01x&d_cid=21%01crm-1')).json();
    expect(codes(mixed)).toEqual([300]);
    expect(declaredOf(mixed.uuid)).toEqual({ 21: ['crm-1'] });
  });

  it('the legacy d_dpid + d_dpuuid alike; a global device data source (IDFA 20915) is every partner\'s', async () => {
    expect(codes((await call(dcs().port, '/event?d_rtbd=json&d_dpid=998&d_dpuuid=y')).json())).toEqual([300, 104]);
    const idfa = (await call(dcs().port, '/event?d_rtbd=json&d_cid=20915%01ABCDEF01-2345-6789-ABCD-EF0123456789')).json();
    expect(idfa.errors).toBeUndefined();
  });

  it('/demoptout.jpg?d_cid=999%01x opts nothing out: a later call with the ID is not 171', async () => {
    await call(dcs().port, '/demoptout.jpg?d_cid=999%01x');
    expect(codes((await call(dcs().port, '/event?d_rtbd=json&d_cid=999%01x')).json())).not.toContain(171);
  });

  it('an ID sync (/ibs:) may name any data source: stored, as before', async () => {
    const reply = await call(dcs().port, '/ibs:d_cid=999%01z');
    expect(reply.headers['x-error']).toBeUndefined();
  });

  it('a partner whose config lists no dataSources takes any DPID, as before', async () => {
    const body = (await call(dcs().port, '/event?d_rtbd=json&d_cid=999%01x', { headers: { host: 'beta.dcs.localhost' } })).json();
    expect(body.errors).toBeUndefined();
  });
});
