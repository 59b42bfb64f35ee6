// Opt-out as Audience Manager documents it ("Data privacy requests", "Declared IDs: opt-out
// calls") and as the ID service reads it (`/optOutStatus`, Visitor API 5.x `getOptOut` while
// opt-in applies): every documented form of the call, and what later calls see.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockDcs, type MockDcs, type MockDcsConfig } from '../src/index';
import { call, type CallOptions } from './helpers';

const PUBLISHER = 'https://www.publisher.example';
const ORG = 'ACME123@AdobeOrg';
const EVENT = '/event?d_rtbd=json&d_cts=2&c_section=sports';
const ID = `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}&d_nsid=0`;
/** What Visitor API 5.x asks while opt-in applies and ECID is not approved: its /id URL with the path swapped. */
const STATUS = `/optOutStatus?d_visid_ver=5.5.0&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}&d_nsid=0&d_fieldgroup=MC`;

let dcs: MockDcs;

const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: {
    acme: {
      allowedOrigins: [PUBLISHER],
      orgId: ORG,
      dataSources: [{ id: 21, integrationCode: 'crm' }],
      traits: [{ id: 1001, rule: 'c_section == "sports"' }],
      segments: [{ id: 5001, rule: '1001T' }],
    },
    beta: { allowedOrigins: [], traits: [{ id: 2001, rule: 'c_section == "sports"' }], segments: [{ id: 6001, rule: '2001T' }] },
  },
};

const get = (path: string, options?: CallOptions) => call(dcs.port, path, options);
const withCookie = (value: string, extra: Record<string, string> = {}): CallOptions => ({ headers: { cookie: `demdex=${value}`, ...extra } });
const cookieOf = (reply: { headers: Record<string, string | string[] | undefined> }): string => String(reply.headers['set-cookie'] ?? '');
const uuidIn = (setCookie: string): string => /demdex=(\d{38})/.exec(setCookie)?.[1] ?? '';
async function newDevice(query = ''): Promise<string> {
  return uuidIn(cookieOf(await get(`${EVENT}${query}`)));
}

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

describe('GET /optOutStatus (the ID service, read only)', () => {
  it('answers the JSON Visitor reads (d_ottl, no d_optout) over CORS with credentials, and sets no cookie', async () => {
    const uuid = await newDevice();
    const reply = await get(`${STATUS}&ts=1`, withCookie(uuid, { origin: PUBLISHER, host: 'dpm.dcs.localhost' }));
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.headers['access-control-allow-origin']).toBe(PUBLISHER);
    expect(reply.headers['access-control-allow-credentials']).toBe('true');
    expect(reply.json()).toEqual({ d_ottl: 7200 });
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('an opted-out device (NOTARGET) reads d_optout ["global"]; JSONP with d_cb works too', async () => {
    const reply = await get(`${STATUS}&d_cb=liberatedGetOptOut`, withCookie('NOTARGET'));
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.body).toBe('liberatedGetOptOut({"d_optout":["global"],"d_ottl":7200})');
  });

  it('creates no profile and links no MID: nothing is stored', async () => {
    const mid = '12345678901234567890123456789012345678';
    expect((await get(`${STATUS}&d_mid=${mid}`)).status).toBe(200);
    expect(dcs.profiles()).toEqual([]);
    expect((await get(`/event?d_rtbd=json&d_mid=${mid}`)).json().errors).toBeUndefined();
  });

  it('an unknown org: error 2 in error_msg, as /id', async () => {
    const reply = await get('/optOutStatus?d_rtbd=json&d_orgid=NOPE1%40AdobeOrg', { headers: { host: 'dpm.dcs.localhost' } });
    expect(reply.json()).toMatchObject({ error_msg: expect.stringContaining('NOPE1@AdobeOrg'), errors: [{ code: 2 }] });
  });
});
