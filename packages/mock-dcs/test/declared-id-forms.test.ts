// Declared and synced IDs in every form Audience Manager documents ("CID replaces DPID and
// DPUUID", "Global data sources", "Index of IDs in Audience Manager"): the deprecated and
// repeated forms on /ibs:, the global data sources' integration codes, and their formats.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockDcs, type MockDcs, type MockDcsConfig } from '../src/index';
import { call, type CallOptions } from './helpers';

const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: { acme: { allowedOrigins: [], dataSources: [{ id: 21, integrationCode: 'crm' }], traits: [], segments: [] } },
};

let dcs: MockDcs;
const get = (path: string, options?: CallOptions) => call(dcs.port, path, options);
const withCookie = (value: string): CallOptions => ({ headers: { cookie: `demdex=${value}` } });
const uuidIn = (reply: { headers: Record<string, string | string[] | undefined> }): string => /demdex=(\d{38})/.exec(String(reply.headers['set-cookie'] ?? ''))?.[1] ?? '';
const profile = (uuid: string) => dcs.profiles().find((p) => p.uuid === uuid);
const firstError = async (path: string): Promise<unknown> => ((await get(path)).json().errors as unknown[] | undefined)?.[0];

beforeAll(async () => {
  dcs = await startMockDcs({ config });
});
afterAll(async () => {
  await dcs.close();
});
beforeEach(() => {
  dcs.setConfig(config);
  dcs.reset();
});

describe('/ibs: in every documented form', () => {
  it('the deprecated /ibs:d_dpid=&d_dpuuid= stores the synced ID', async () => {
    const uuid = uuidIn(await get('/event?d_rtbd=json'));
    const reply = await get('/ibs:d_dpid=123&d_dpuuid=987', withCookie(uuid));
    expect(reply.headers['x-error']).toBeUndefined();
    expect(profile(uuid)?.syncedIds).toEqual({ 123: '987' });
  });

  it('/ibs: with several d_cid pairs and a d_cid_ic stores every one', async () => {
    const uuid = uuidIn(await get('/event?d_rtbd=json'));
    await get('/ibs:d_cid=123%01456&d_cid=124%01789&d_cid_ic=crm%01333', withCookie(uuid));
    expect(profile(uuid)?.syncedIds).toEqual({ 123: '456', 124: '789', 21: '333' });
  });

  it('an invalid ID is error 300 and stores nothing', async () => {
    const uuid = uuidIn(await get('/event?d_rtbd=json'));
    expect((await get('/ibs:d_dpid=abc&d_dpuuid=987', withCookie(uuid))).headers['x-error']).toContain('300');
    expect((await get('/ibs:dpid=abc&dpuuid=987', withCookie(uuid))).headers['x-error']).toBe('300');
    expect(profile(uuid)?.syncedIds).toEqual({});
  });
});

// Fidelity review (session m). "CID Replaces DPID and DPUUID": IDs are URL-encoded so that
// reserved characters are "transmitted correctly", and the deprecated pair works "without the
// d_ prefix" too, on event calls, ID syncs and ID calls.
describe('IDs as Adobe encodes them', () => {
  it('an encoded comma is part of a customer ID (d_cid_ic) and of a synced partner UUID (/ibs:), not a separator', async () => {
    const reply = await get('/event?d_rtbd=json&d_cid_ic=crm%01smith%2C%20john%011');
    expect(reply.headers['x-error']).toBeUndefined();
    const uuid = reply.json().uuid as string;
    expect(profile(uuid)?.declaredIds).toEqual({ 21: ['smith, john'] });
    await get('/ibs:dpid=777&dpuuid=smith%2Cjohn', withCookie(uuid));
    expect(profile(uuid)?.syncedIds).toEqual({ 777: 'smith,john' });
  });

  it('the unprefixed dpid= and dpuuid= on /event and /id are the declared ID, not signals', async () => {
    const reply = await get('/event?d_rtbd=json&dpid=21&dpuuid=nodprefix');
    expect(reply.headers['x-error']).toBeUndefined();
    expect(profile(reply.json().uuid as string)?.declaredIds).toEqual({ 21: ['nodprefix'] });
    expect(dcs.requests().at(-1)?.signals).not.toHaveProperty('dpid');
    // /ibs: keeps them as the sync's own ID (stored once, as a synced ID).
    const uuid = reply.json().uuid as string;
    await get('/ibs:dpid=21&dpuuid=synced', withCookie(uuid));
    expect(profile(uuid)?.syncedIds).toEqual({ 21: 'synced' });
  });
});

describe('global data sources', () => {
  it('d_cid_ic=DSID_20915 (IDFA) and DSID_20914 (GAID) are declared IDs of data sources 20915 and 20914, for every partner', async () => {
    const reply = await get('/event?d_rtbd=json&d_cid_ic=DSID_20915%01AEBE52E7-03EE-455A-B3C4-E57283966239&d_cid_ic=DSID_20914%01e4fe9bde-caa0-47b6-908d-ffba3fa184f2');
    expect(reply.json().errors).toBeUndefined();
    expect(profile(String(reply.json().uuid))?.declaredIds).toEqual({ 20915: ['AEBE52E7-03EE-455A-B3C4-E57283966239'], 20914: ['e4fe9bde-caa0-47b6-908d-ffba3fa184f2'] });
    expect((await get('/event?d_rtbd=json&d_cid_ic=DSID_20915%01aebe52e7-03ee-455a-b3c4-e57283966239')).json().errors).toEqual([expect.objectContaining({ code: 312 }), expect.objectContaining({ code: 104 })]);
  });

  it('error 312 for the documented formats of Roku (121963), Fire TV (488258) and LG (1171485): lowercase 8-4-4-4-12; MAID, TIFA, Vizio: alphanumeric', async () => {
    const lower = 'fcb2a29c-315a-5e6b-bcfd-d889ba19aada';
    for (const dpid of [121963, 488258, 1171485]) {
      expect((await get(`/event?d_rtbd=json&d_cid=${dpid}%01${lower}`)).json().errors, `${dpid} ok`).toBeUndefined();
      expect(await firstError(`/event?d_rtbd=json&d_cid=${dpid}%01${lower.toUpperCase()}`), `${dpid} upper`).toMatchObject({ code: 312 });
    }
    for (const dpid of [389146, 963906, 1171489]) {
      expect((await get(`/event?d_rtbd=json&d_cid=${dpid}%017XCBNROQJQPYW`)).json().errors, `${dpid} ok`).toBeUndefined();
      expect(await firstError(`/event?d_rtbd=json&d_cid=${dpid}%01not%20an%20id!`), `${dpid} bad`).toMatchObject({ code: 312 });
    }
  });
});
