// d_cid carries an optional third field, the authenticated state, as d_cid_ic does: "Syntax:
// ...d_cid=DPID%01DPUUID%01authentication state... Example: ...d_cid=123%01456%011..." with
// 0 unknown, 1 authenticated, 2 logged out ("Direct integration with the Experience Cloud
// Identity Service", experienceleague.adobe.com/en/docs/id-service/using/implementation/direct-integration).
// The mock answered such an ID with errors 300 and 104 and dropped it.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const ORG = 'ACME123@AdobeOrg';
const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: { acme: { allowedOrigins: [], orgId: ORG, dataSources: [{ id: 21, integrationCode: 'crm' }], traits: [], segments: [] } },
};
const dcs = mockDcsPerFile(config);
const declaredOf = (uuid: unknown) => dcs().profiles().find((p) => p.uuid === uuid)?.declaredIds;
const uuidIn = (reply: { headers: Record<string, string | string[] | undefined> }): string => /demdex=(\d{38})/.exec(String(reply.headers['set-cookie'] ?? ''))?.[1] ?? '';

describe('d_cid=DPID%01DPUUID%01AUTHSTATE', () => {
  it('/id (the direct integration call): the ID is declared, no error', async () => {
    const reply = await call(dcs().port, `/id?d_orgid=${encodeURIComponent(ORG)}&d_rtbd=json&d_cid=21%01456%011`);
    expect(reply.json().errors).toBeUndefined();
    expect(declaredOf(uuidIn(reply))).toEqual({ 21: ['456'] });
  });

  it('/event: each authenticated state (0, 1, 2) is accepted beside the two-field form', async () => {
    const body = (await call(dcs().port, '/event?d_rtbd=json&d_cid=21%01a%010&d_cid=21%01b%011&d_cid=21%01c%012')).json();
    expect(body.errors).toBeUndefined();
    expect(declaredOf(body.uuid)).toEqual({ 21: ['a', 'b', 'c'] });
  });

  it('an opt-out by d_cid with its state opts out the ID: a later call with it gets 171', async () => {
    await call(dcs().port, '/demoptout.jpg?d_cid=21%01crm-9%011');
    const body = (await call(dcs().port, '/event?d_rtbd=json&d_cid=21%01crm-9')).json();
    expect(body.errors).toEqual([expect.objectContaining({ code: 171 })]);
  });

  it('a fourth field is still invalid (300)', async () => {
    const body = (await call(dcs().port, '/event?d_rtbd=json&d_cid=21%01d%011%01x')).json();
    expect((body.errors as unknown[] | undefined)?.[0]).toMatchObject({ code: 300 });
  });
});
