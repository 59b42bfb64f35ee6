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

describe('GET /demoptout.jpg and /demoptout: every documented form', () => {
  it('/demoptout (without .jpg) is the same endpoint', async () => {
    const reply = await get('/demoptout?d_cid=21%01crm-1');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/gif');
    expect((await get('/event?d_rtbd=json&d_cid=21%01crm-1')).json().errors).toEqual([{ code: 171, msg: expect.stringContaining('Encountered opt out tag') }]);
  });

  it('d_cid_ic opts the declared ID out (error 171 later), and not the whole device', async () => {
    const uuid = await newDevice();
    const reply = await get('/demoptout.jpg?d_cid_ic=crm%01crm-2', withCookie(uuid));
    expect(cookieOf(reply)).not.toContain('NOTARGET');
    const later = (await get('/event?d_rtbd=json&d_cid_ic=crm%01crm-2')).json();
    expect(later.errors).toEqual([{ code: 171, msg: expect.stringContaining('Encountered opt out tag') }]);
    expect(later.uuid).toBeUndefined();
  });

  it('several d_cid and d_cid_ic pairs in one call: every one is opted out', async () => {
    await get('/demoptout?d_cid=21%01a&d_cid=21%01b&d_cid_ic=crm%01c');
    for (const id of ['d_cid=21%01a', 'd_cid=21%01b', 'd_cid_ic=crm%01c']) {
      expect((await get(`/event?d_rtbd=json&${id}`)).json().errors, id).toEqual([expect.objectContaining({ code: 171 })]);
    }
  });

  it('legacy d_dpid + d_dpuuid opts the declared ID out', async () => {
    await get('/demoptout.jpg?d_dpid=21&d_dpuuid=legacy-1');
    expect((await get('/event?d_rtbd=json&d_cid=21%01legacy-1')).json().errors).toEqual([expect.objectContaining({ code: 171 })]);
  });

  it('a declared-ID opt-out also opts out the last device that ID was seen on', async () => {
    const uuid = await newDevice('&d_cid=21%01crm-3');
    await get('/demoptout.jpg?d_cid=21%01crm-3');
    const later = (await get(EVENT, withCookie(uuid))).json();
    expect(later.errors).toEqual([{ code: 171, msg: expect.stringContaining(uuid) }]);
    expect(later).not.toHaveProperty('segments');
  });

  it('d_uuid opts that device out for the partner (the s2s form): its later calls get 171 and no data, other partners are unaffected', async () => {
    const uuid = await newDevice();
    const reply = await get(`/demoptout.jpg?d_uuid=${uuid}`);
    expect(reply.status).toBe(200);
    expect(cookieOf(reply)).not.toContain('NOTARGET');
    const later = (await get(`${EVENT}&d_uuid=${uuid}`)).json();
    // (172 too: a device the DCS gave a cookie came back without it.)
    expect(later.errors).toContainEqual({ code: 171, msg: expect.stringContaining(uuid) });
    expect(later.uuid).toBeUndefined();
    expect(later).not.toHaveProperty('segments');
    expect((await get(EVENT, withCookie(uuid))).json().errors).toEqual([expect.objectContaining({ code: 171 })]);
    const beta = (await get(EVENT, withCookie(uuid, { host: 'beta.dcs.localhost' }))).json();
    expect(beta.segments).toEqual([6001]);
  });

  it('d_mid + d_orgid opts out the device the ID service linked that MID to', async () => {
    const id = await get(ID);
    const uuid = uuidIn(cookieOf(id));
    const mid = String(id.json().d_mid);
    await get(`/demoptout.jpg?d_mid=${mid}&d_orgid=${encodeURIComponent(ORG)}`);
    expect((await get(EVENT, withCookie(uuid))).json().errors).toEqual([expect.objectContaining({ code: 171 })]);
  });

  it('four IDs of one data source: the three kept by the per-source limit are opted out, the fourth is reported (310)', async () => {
    const reply = await get('/demoptout.jpg?d_cid=21%01p&d_cid=21%01q&d_cid=21%01r&d_cid=21%01s');
    expect(reply.headers['x-error']).toBe('310');
    expect((await get('/event?d_rtbd=json&d_cid=21%01r')).json().errors).toEqual([expect.objectContaining({ code: 171 })]);
  });

  it('a declared-ID opt-out never sets the device cookie: sent beside the device opt-out (as the frame does), it cannot undo NOTARGET', async () => {
    expect(cookieOf(await get('/demoptout.jpg?d_cid=21%01crm-9', withCookie('NOTARGET')))).toBe('');
    expect(cookieOf(await get('/demoptout.jpg?d_cid=21%01crm-10'))).toBe('');
    expect((await get('/event?d_rtbd=json&d_cid=21%01crm-10')).json().errors).toEqual([expect.objectContaining({ code: 171 })]);
  });

  it('an invalid d_uuid or d_mid, or a bad escape, is an error and opts nobody out', async () => {
    const uuid = await newDevice();
    expect((await get('/demoptout.jpg?d_uuid=123', withCookie(uuid))).headers['x-error']).toBe('102');
    expect((await get('/demoptout.jpg?d_mid=123', withCookie(uuid))).headers['x-error']).toBe('101');
    expect((await get('/demoptout.jpg?d_cid=%zz', withCookie(uuid))).headers['x-error']).toBe('311');
    expect((await get('/demoptout.jpg?d_cid=x%01y', withCookie(uuid))).headers['x-error']).toBe('300,104');
    expect((await get(EVENT, withCookie(uuid))).json().segments).toEqual([5001]);
  });

  it('without parameters: the cookie device opts out everywhere (NOTARGET), as before', async () => {
    const uuid = await newDevice();
    // Kept 10 years, as Audience Manager documents for the opt-out cookie (the device ID's lasts 180 days).
    expect(cookieOf(await get('/demoptout.jpg', withCookie(uuid)))).toMatch(/^demdex=NOTARGET; Max-Age=315360000; /);
    expect(cookieOf(await get(EVENT))).toMatch(/^demdex=\d{38}; Max-Age=15552000; /);
    expect((await get(`${EVENT}&d_uuid=${uuid}`)).json().errors).toContainEqual(expect.objectContaining({ code: 171 }));
  });
});
