// Conformance: one test per documented behaviour of docs/dcs-protocol.md §2–§5, named after it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startContentProvider, startMockDcs, type ContentProvider, type MockDcs, type MockDcsConfig } from '../src/index';
import { call, tcString, type CallOptions } from './helpers';

const PUBLISHER = 'https://www.publisher.example';
const EVENT = '/event?d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2';
const CRM = 21;
const PROVIDER = 777;

let dcs: MockDcs;
let provider: ContentProvider;

function config(overrides: Partial<MockDcsConfig['partners'][string]> = {}): MockDcsConfig {
  return {
    defaultPartner: 'acme',
    partners: {
      acme: {
        allowedOrigins: [PUBLISHER],
        region: 7,
        orgId: 'ACME123@AdobeOrg',
        dataSources: [{ id: CRM, name: 'CRM', integrationCode: 'crm' }, { id: 20915, name: 'IDFA' }, { id: 22 }, ...Array.from({ length: 12 }, (_, i) => ({ id: 100 + i }))],
        traits: [
          { id: 1001, rule: 'c_section == "sports"' },
          { id: 1002, rule: 'p_age < 25' },
          { id: 1003, rule: 'h_referer contains "/golf/"' },
          { id: 1004, rule: 'd_custom == "yes"' },
          { id: 1006, rule: 'c_tier == "gold"', dpid: CRM },
          { id: 1005, rule: 'segment == "golf_fan"', dpid: PROVIDER },
          { id: 1007 },
        ],
        segments: [
          { id: 5001, rule: '1001T' },
          { id: 5002, rule: '1001T AND 1002T' },
          { id: 5005, rule: '1005T' },
          { id: 5006, rule: '1006T' },
        ],
        destinations: [
          { id: 2523, url: 'https://px.partner.example/s?seg=%ALIAS%&uid=%DID%&crm=%DPID_21%&r=%REGION%&gdpr=${GDPR}&c=${GDPR_CONSENT_565}&p=%HTTP_PROTO%', segments: { 5001: 'sports', 5002: 'young' } },
          { id: 2524, type: 'iframe', url: 'https://px.other.example/s?segs=%ALIAS%', segments: { 5001: 's1', 5002: 's2' }, serialize: { delimiter: ';' } },
        ],
        cookieDestinations: [{ name: 'aud_seg', domain: '.publisher.example', ttlDays: 30, key: 'seg', segments: { 5001: '5001', 5002: '5002' } }],
        idSyncs: [{ id: 411, dpid: PROVIDER, url: 'https://sync.partner.example/p?uid=${DD_UUID}&gdpr=${GDPR}', ttlMinutes: 10080 }],
        contentProviders: [{ id: 1, dpid: PROVIDER, url: `${provider.url}/segments?uid=\${DPUUID}`, timeoutMs: 600 }],
        ...overrides,
      },
    },
  };
}

const get = (path: string, options?: CallOptions) => call(dcs.port, path, options);
const uuidOf = async (path: string, options?: CallOptions) => (await get(path, options)).json().uuid as string;
const withCookie = (value: string): CallOptions => ({ headers: { cookie: `demdex=${value}` } });
const admin = async (path: string, method = 'GET', body?: unknown) =>
  call(dcs.port, `/__admin${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

beforeAll(async () => {
  dcs = await startMockDcs();
  provider = await startContentProvider({ dcsUrl: dcs.url, dpid: PROVIDER });
});
afterAll(async () => {
  await Promise.all([dcs.close(), provider.close()]);
});
beforeEach(() => {
  dcs.setConfig(config());
  dcs.reset();
  provider.setDelay(0);
});

describe('§2 /event request', () => {
  it('derives h_ signals from HTTP headers; h_referer sent as a parameter (the full page URL) wins over the Referer header; other client h_ keys are ignored', async () => {
    const byHeader = await get(`${EVENT}`, { headers: { referer: 'https://www.publisher.example/golf/open' } });
    expect(byHeader.json().traits).toEqual([1003]);
    // Browsers cut the Referer to the origin; DIL sends the full URL as h_referer.
    const sent = await get(`${EVENT}&h_referer=${encodeURIComponent('https://www.publisher.example/golf/open')}`, { headers: { referer: 'https://www.publisher.example/' } });
    expect(sent.json().traits).toEqual([1003]);
    const cut = await get(`${EVENT}&h_referer=${encodeURIComponent('https://www.publisher.example/')}`, { headers: { referer: 'https://www.publisher.example/golf/open' } });
    expect(cut.json().traits).toEqual([]);
    const logged = dcs.requests().at(-1)?.signals;
    expect(logged?.['h_user-agent']).toBeUndefined();
    await get(`${EVENT}&h_user-agent=forged`, { headers: { 'user-agent': 'real' } });
    expect(dcs.requests().at(-1)?.signals['h_user-agent']).toEqual(['real']);
  });

  it('accepts unknown d_ keys and treats them as signals', async () => {
    expect((await get(`${EVENT}&d_custom=yes`)).json().traits).toEqual([1004]);
  });

  it('d_cb answers JSONP for a strict callback name and refuses any other name', async () => {
    const jsonp = await get(`${EVENT}&c_section=sports&d_cb=window.cb_1`);
    expect(jsonp.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(jsonp.body).toMatch(/^window\.cb_1\(\{.*"segments":\[5001\].*\}\)$/);
    const evil = await get(`${EVENT}&d_cb=${encodeURIComponent('alert(1);x')}`);
    expect(evil.headers['content-type']).toBe('application/json');
    expect(evil.json().errors).toEqual([expect.objectContaining({ code: 0 })]);
  });

  it('d_jsonv=0 disables ID syncs; d_dst=1 asks for destinations; d_cts=1 gives traits and (legacy) segment IDs', async () => {
    const body = (await get('/event?d_rtbd=json&d_jsonv=0&d_cts=1&c_section=sports')).json();
    expect(body.ibs).toBeUndefined();
    expect(body.dests).toBeUndefined();
    expect(body.traits).toEqual([1001]);
    expect(body.segments).toEqual([5001]);
  });

  it('d_coppa=1 neither reads nor sets the device cookie, and fires no ID syncs', async () => {
    const known = await uuidOf(`${EVENT}&c_section=sports`);
    const coppa = await get(`${EVENT}&d_coppa=1`, withCookie(known));
    expect(coppa.json().uuid).not.toBe(known);
    expect(coppa.json().ibs).toBeUndefined();
    expect(coppa.headers['set-cookie']).toBeUndefined();
  });

  it('d_mid must be a 38-digit ID (error 101); d_orgid must be the partner org (error 2, request ignored)', async () => {
    expect((await get(`${EVENT}&d_mid=abc`)).json().errors).toEqual([expect.objectContaining({ code: 101 })]);
    expect((await get(`${EVENT}&d_orgid=ACME123@AdobeOrg&c_section=sports`)).json().segments).toEqual([5001]);
    const wrong = (await get(`${EVENT}&d_orgid=OTHER@AdobeOrg&c_section=sports`)).json();
    expect(wrong.errors).toEqual([expect.objectContaining({ code: 2 })]);
    expect(wrong.segments).toBeUndefined();
  });

  it('d_tdpid and d_tdpid_ic evaluate only the traits of that data source', async () => {
    expect((await get(`${EVENT}&c_section=sports&c_tier=gold`)).json().traits).toEqual([1001, 1006]);
    expect((await get(`${EVENT}&c_section=sports&c_tier=gold&d_tdpid=${CRM}`)).json().traits).toEqual([1006]);
    expect((await get(`${EVENT}&c_section=sports&c_tier=gold&d_tdpid_ic=crm`)).json().traits).toEqual([1006]);
  });

  it('d_sid realizes pixel traits, also from a plain <img> (GIF answer)', async () => {
    const uuid = await uuidOf(`${EVENT}`);
    const pixel = await get('/event?d_sid=1007', withCookie(uuid));
    expect(pixel.headers['content-type']).toBe('image/gif');
    const profile = (await admin(`/profiles/${uuid}`)).json();
    expect(profile.traits).toMatchObject({ 1007: { count: 1 } });
  });
});

describe('§3 /event response and errors', () => {
  it('error 1: a host naming no partner, with no default partner', async () => {
    const { defaultPartner: _unused, ...noDefault } = config();
    dcs.setConfig(noDefault);
    const reply = await get(EVENT, { headers: { host: 'unknown.dcs.localhost' } });
    expect(reply.json().errors).toEqual([expect.objectContaining({ code: 1 })]);
    expect(reply.headers['x-error']).toBe('1');
  });

  it('error 109: a referer outside the partner allowlist is ignored', async () => {
    dcs.setConfig(config({ allowedReferrerHosts: ['www.publisher.example'] }));
    const ok = await get(`${EVENT}&c_section=sports`, { headers: { referer: 'https://www.publisher.example/a' } });
    expect(ok.json().segments).toEqual([5001]);
    const bad = await get(`${EVENT}&c_section=sports`, { headers: { referer: 'https://scraper.example/a' } });
    expect(bad.json()).toMatchObject({ errors: [{ code: 109 }] });
    expect(bad.json().uuid).toBeUndefined();
  });

  it('error 172 only where third-party cookies are really blocked: a device given a cookie comes back by d_uuid without it', async () => {
    // An ordinary first call has no cookie yet (and Chromium reports no storage access on it): no error.
    const first = await get(EVENT, { headers: { 'sec-fetch-storage-access': 'none' } });
    expect(first.json().errors).toBeUndefined();
    const uuid = first.json().uuid as string;
    expect(uuid).toMatch(/^\d{38}$/);
    expect((await get(`${EVENT}&d_uuid=${uuid}`, withCookie(uuid))).json().errors).toBeUndefined();
    const blocked = await get(`${EVENT}&d_uuid=${uuid}`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(blocked.json().errors).toEqual([{ code: 172, msg: expect.stringMatching(/^Blocked cookies: .*came without it/) }]);
    expect(blocked.json().uuid).toBe(uuid);
    expect(dcs.requests().at(-1)).toMatchObject({ errors: [172], errorMessages: [expect.stringMatching(/^Blocked cookies: /)] });
  });

  it('429 when the partner rate limit is exceeded, with Retry-After', async () => {
    dcs.setConfig(config({ rateLimitPerSecond: 1 }));
    // Three calls at once span at most two one-second windows: at least one is refused.
    const replies = await Promise.all([get(EVENT), get(EVENT), get(EVENT)]);
    const refused = replies.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(2);
    for (const reply of refused) expect(reply.headers['retry-after']).toBe('1');
  });

  it('X-Error lists every error code of the answer', async () => {
    const reply = await get(`${EVENT}&d_mid=bad&d_uuid=bad`);
    expect(reply.headers['x-error']).toBe('101,102');
  });
});

describe('§4 declared IDs', () => {
  it('maps a declared ID to the device, and a new device with that ID is recognized (most recent mapping wins)', async () => {
    const first = await uuidOf(`${EVENT}&d_cid=${CRM}%01crm-42`);
    const again = await uuidOf(`${EVENT}&d_cid=${CRM}%01crm-42`);
    expect(again).toBe(first);
    const second = await uuidOf(`${EVENT}&d_cid=${CRM}%01crm-43`);
    await get(`${EVENT}&d_cid=${CRM}%01crm-42`, withCookie(second));
    expect(await uuidOf(`${EVENT}&d_cid=${CRM}%01crm-42`)).toBe(second);
  });

  it('d_cid_ic takes an integration code with 2 or 3 fields; legacy d_dpid + d_dpuuid works too', async () => {
    const uuid = await uuidOf(`${EVENT}&d_cid_ic=crm%01crm-7%011`);
    const profile = (await admin(`/profiles/${uuid}`)).json();
    expect(profile.declaredIds).toEqual({ [CRM]: ['crm-7'] });
    expect((await get(`${EVENT}&d_cid_ic=nope%01x`)).json().errors).toEqual([{ code: 300, msg: 'Invalid customer id nope%01x' }, { code: 104, msg: 'All customer IDs are invalid' }]);
    expect((await get(`${EVENT}&d_cid_ic=crm%01a%011%01extra`)).json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ code: 300 })]));
    const legacy = await uuidOf(`${EVENT}&d_dpid=${CRM}&d_dpuuid=crm-8`);
    expect((await admin(`/profiles/${legacy}`)).json().declaredIds).toEqual({ [CRM]: ['crm-8'] });
  });

  it('more than 10 customer IDs: 301, and 309 for each one dropped', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `d_cid=${100 + i}%01u${i}`).join('&');
    const codes = ((await get(`${EVENT}&${ids}`)).json().errors as Array<{ code: number }>).map((e) => e.code);
    expect(codes).toEqual([301, 309, 309]);
  });

  it('more than 3 IDs for one data source: 310, extras dropped', async () => {
    const ids = Array.from({ length: 4 }, (_, i) => `d_cid=${CRM}%01u${i}`).join('&');
    const reply = (await get(`${EVENT}&${ids}`)).json();
    expect(reply.errors).toEqual([expect.objectContaining({ code: 310 })]);
    expect((await admin(`/profiles/${reply.uuid as string}`)).json().declaredIds).toEqual({ [CRM]: ['u0', 'u1', 'u2'] });
  });

  it('error 312: a global device ID in the wrong case (IDFA must be uppercase)', async () => {
    const idfa = '6D92078A-8246-4BA4-AE5B-76104861E7DC';
    expect((await get(`${EVENT}&d_cid=20915%01${idfa}`)).json().errors).toBeUndefined();
    const lower = (await get(`${EVENT}&d_cid=20915%01${idfa.toLowerCase()}`)).json().errors;
    expect(lower).toEqual([expect.objectContaining({ code: 312 }), expect.objectContaining({ code: 104 })]);
  });
});

describe('§4 ID syncs, destinations and opt-out', () => {
  it('/ibs:dpid=&dpuuid= stores the synced partner ID on the device profile', async () => {
    const uuid = await uuidOf(EVENT);
    const sync = await get(`/ibs:dpid=${PROVIDER}&dpuuid=cp-9`, withCookie(uuid));
    expect(sync.headers['content-type']).toBe('image/gif');
    expect((await admin(`/profiles/${uuid}`)).json().syncedIds).toEqual({ [PROVIDER]: 'cp-9' });
  });

  it('/ibs: with redir redirects to the URL with ${DD_UUID} replaced; /ibs:d_cid= works too', async () => {
    const uuid = await uuidOf(EVENT);
    const redirect = await get(`/ibs:d_cid=${PROVIDER}%01cp-3&redir=${encodeURIComponent('https://partner.example/back?dcs=${DD_UUID}')}`, withCookie(uuid));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe(`https://partner.example/back?dcs=${uuid}`);
    const unsafe = await get(`/ibs:dpid=${PROVIDER}&dpuuid=x&redir=${encodeURIComponent('javascript:alert(1)')}`, withCookie(uuid));
    expect(unsafe.status).toBe(200);
  });

  it('ibs entries carry the sync URL with ${DD_UUID} and ${GDPR} filled in', async () => {
    const body = (await get(EVENT)).json();
    expect(body.ibs).toEqual([{ id: '411', ttl: 10080, tag: 'img', fireURLSync: 0, syncOnPage: 0, url: [`https://sync.partner.example/p?uid=${body.uuid as string}&gdpr=0`] }]);
  });

  it('URL destinations: one per qualifying alias with every macro expanded, or one serialized URL', async () => {
    const consent = tcString({ purposes: [1, 10], vendors: [565] });
    const body = (await get(`${EVENT}&c_section=sports&p_age=20&d_cid=${CRM}%01crm-1&gdpr=1&gdpr_consent=${consent}`)).json();
    const uuid = body.uuid as string;
    expect(body.dests).toEqual([
      {
        hr: 1,
        id: '2523',
        y: 'img',
        c: `https://px.partner.example/s?seg=sports&uid=${uuid}&crm=crm-1&r=7&gdpr=1&c=${consent}&p=http`,
        e: `https://px.partner.example/s?seg=sports&uid=${uuid}&crm=crm-1&r=7&gdpr=1&c=${consent}&p=http`,
      },
      expect.objectContaining({ id: '2523', c: expect.stringContaining('seg=young') }),
      { hr: 1, id: '2524', y: 'iframe', c: 'https://px.other.example/s?segs=s1%3Bs2', e: 'https://px.other.example/s?segs=s1%3Bs2' },
    ]);
  });

  it('cookie destinations: name, value with the mapped aliases, TTL in days and domain', async () => {
    const body = (await get(`${EVENT}&c_section=sports&p_age=20`)).json();
    expect(body.stuff).toEqual([{ cn: 'aud_seg', cv: 'seg=5001,5002', ttl: 30, dmn: '.publisher.example' }]);
  });

  it('opt-out by device: /demoptout.jpg sets NOTARGET, and later calls answer 200 with no data', async () => {
    const uuid = await uuidOf(`${EVENT}&c_section=sports`);
    const optOut = await get('/demoptout.jpg', withCookie(uuid));
    expect(String(optOut.headers['set-cookie'])).toMatch(/^demdex=NOTARGET;/);
    const later = await get(`${EVENT}&c_section=sports`, withCookie('NOTARGET'));
    expect(later.status).toBe(200);
    expect(later.json().uuid).toBeUndefined();
    expect(later.json().segments).toBeUndefined();
    expect((await admin(`/profiles/${uuid}`)).json()).toMatchObject({ optedOut: true, traits: {} });
  });

  it('opt-out by declared ID: later calls with it get error 171 and no uuid', async () => {
    await get(`/demoptout.jpg?d_cid=${CRM}%01crm-99`);
    const later = (await get(`${EVENT}&d_cid=${CRM}%01crm-99&c_section=sports`)).json();
    expect(later.errors).toEqual([expect.objectContaining({ code: 171 })]);
    expect(later.uuid).toBeUndefined();
    expect(later.segments).toBeUndefined();
  });
});

describe('§4 consent (IAB TCF v2)', () => {
  it('gdpr=1 with purposes 1 and 10 and vendor consent: processed as usual', async () => {
    const consent = tcString({ purposes: [1, 10], vendors: [565] });
    const body = (await get(`${EVENT}&c_section=sports&gdpr=1&gdpr_consent=${consent}`)).json();
    expect(body.uuid).toMatch(/^\d{38}$/);
    expect(body.errors).toBeUndefined();
  });

  it('gdpr=1 without purpose 10, without vendor consent, without or with a malformed string: error 315, nothing stored, no syncs', async () => {
    const cases = [
      `gdpr=1&gdpr_consent=${tcString({ purposes: [1], vendors: [565] })}`,
      `gdpr=1&gdpr_consent=${tcString({ purposes: [1, 10], vendors: [999] })}`,
      'gdpr=1',
      'gdpr=1&gdpr_consent=not-a-tc-string',
      'gdpr_consent=orphan',
    ];
    for (const consent of cases) {
      const reply = await get(`${EVENT}&c_section=sports&${consent}`);
      const body = reply.json();
      expect(body.errors, consent).toEqual([expect.objectContaining({ code: 315 })]);
      expect(body.uuid, consent).toBeUndefined();
      expect(body.ibs, consent).toBeUndefined();
      expect(body.stuff, consent).toEqual([]);
      expect(reply.headers['set-cookie'], consent).toBeUndefined();
    }
    expect((await admin('/profiles')).json().items).toEqual([]);
  });

  it('gdpr=0: GDPR does not apply', async () => {
    expect((await get(`${EVENT}&gdpr=0`)).json().uuid).toMatch(/^\d{38}$/);
  });

  it('a TC string whose CMP is not in the Global CMP List (313) or marked deleted there (314) is discarded: processed as usual', async () => {
    dcs.setConfig({ ...config(), globalCmpList: { cmpIds: [10, 301], deleted: [301] } });
    for (const [cmpId, code] of [[300, 313], [301, 314]] as const) {
      const body = (await get(`${EVENT}&c_section=sports&gdpr=1&gdpr_consent=${tcString({ purposes: [], vendors: [], cmpId })}`)).json();
      expect(body.errors, `CMP ${cmpId}`).toEqual([expect.objectContaining({ code })]);
      expect(body.segments, `CMP ${cmpId}`).toEqual([5001]);
    }
  });
});

describe('§5 real-time content providers', () => {
  it("a synced visitor's provider segments qualify onboarded traits and segments in the same response", async () => {
    const uuid = await uuidOf(EVENT);
    expect((await get(EVENT, withCookie(uuid))).json().segments).toEqual([]);
    await get(`/ibs:dpid=${PROVIDER}&dpuuid=cp-1`, withCookie(uuid));
    const body = (await get(EVENT, withCookie(uuid))).json();
    expect(body.traits).toEqual([1005]);
    expect(body.segments).toEqual([5005]);
  });

  it('the provider is not called for a visitor it does not know', async () => {
    const before = provider.calls;
    await get(EVENT);
    expect(provider.calls).toBe(before);
  });

  it('a provider that times out: the call still answers in time, with its other segments and error 10', async () => {
    const uuid = await uuidOf(EVENT);
    await get(`/ibs:dpid=${PROVIDER}&dpuuid=cp-1`, withCookie(uuid));
    provider.setDelay(2000);
    const started = Date.now();
    const body = (await get(`${EVENT}&c_section=sports`, withCookie(uuid))).json();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(body.segments).toEqual([5001]);
    expect(body.errors).toEqual([expect.objectContaining({ code: 10 })]);
  });
});

describe('§5 admin API', () => {
  it('records requests with p_ values redacted, in the path and in the signals', async () => {
    await get(`${EVENT}&c_section=sports&p_age=23&p_name=zebra`);
    const [recorded] = (await admin('/requests')).json().items as Array<Record<string, unknown>>;
    expect(recorded).toMatchObject({ method: 'GET', partner: 'acme', status: 200, signals: { c_section: ['sports'], p_age: ['[redacted]'] } });
    expect(recorded?.path).toContain('p_age=[redacted]&p_name=[redacted]');
    expect(JSON.stringify(await (await admin('/requests')).body)).not.toMatch(/zebra/);
  });

  it('shows profiles with realized traits, counts and times, and never p_ values', async () => {
    // The private value is letters only: a device ID or a time in the profile cannot contain it.
    const uuid = await uuidOf(`${EVENT}&c_section=sports&p_age=23&p_name=zebra`);
    await get(`${EVENT}&c_section=sports&p_age=23&p_name=zebra`, withCookie(uuid));
    const profile = (await admin(`/profiles/${uuid}`)).json();
    expect(profile).toMatchObject({ uuid, traits: { 1001: { count: 2 }, 1002: { count: 2 } } });
    expect(JSON.stringify(profile)).not.toMatch(/zebra|p_age|p_name/);
    expect((await admin('/profiles/0000')).status).toBe(404);
  });

  it('replaces the config at runtime, refusing an invalid one with every problem', async () => {
    const bad = await admin('/config', 'PUT', { partners: { acme: { allowedOrigins: ['nope'], traits: 'x' } } });
    expect(bad.status).toBe(400);
    expect(bad.json().problems).toEqual(expect.arrayContaining(['partners.acme.traits: expected a list']));
    const ok = await admin('/config', 'PUT', config({ traits: [{ id: 9, rule: 'c_x == "1"' }], segments: [{ id: 90, rule: '9T' }], destinations: [], cookieDestinations: [] }));
    expect(ok.status).toBe(200);
    expect((await get(`${EVENT}&c_x=1`)).json().segments).toEqual([90]);
  });

  it('reset forgets profiles and requests', async () => {
    await get(EVENT);
    await admin('/reset', 'POST');
    expect((await admin('/profiles')).json().items).toEqual([]);
    expect((await admin('/requests')).json().items).toEqual([]);
  });
});

describe('§5 fault injection for the next N calls', () => {
  it('added latency, then normal again', async () => {
    await admin('/faults', 'POST', { count: 1, latencyMs: 300 });
    let started = Date.now();
    await get(EVENT);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    started = Date.now();
    await get(EVENT);
    expect(Date.now() - started).toBeLessThan(250);
  });

  it('an HTTP status, for exactly N calls', async () => {
    await admin('/faults', 'POST', { count: 2, status: 503 });
    const statuses = [(await get(EVENT)).status, (await get(EVENT)).status, (await get(EVENT)).status];
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('a malformed body', async () => {
    await admin('/faults', 'POST', { malformedBody: true });
    const reply = await get(EVENT);
    expect(() => JSON.parse(reply.body)).toThrow();
  });

  it('a dropped connection', async () => {
    await admin('/faults', 'POST', { dropConnection: true });
    await expect(get(EVENT)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await get(EVENT)).status).toBe(200);
  });

  it('a content provider timeout', async () => {
    const uuid = await uuidOf(EVENT);
    await get(`/ibs:dpid=${PROVIDER}&dpuuid=cp-1`, withCookie(uuid));
    await admin('/faults', 'POST', { providerTimeout: true });
    const body = (await get(EVENT, withCookie(uuid))).json();
    expect(body.segments).toEqual([]);
    expect(body.errors).toEqual([expect.objectContaining({ code: 10 })]);
  });

  it('refuses a malformed fault spec with every problem', async () => {
    const reply = await admin('/faults', 'POST', { count: 0, status: 99, surprise: 1 });
    expect(reply.status).toBe(400);
    expect(reply.json().problems).toEqual(['unknown field "surprise"', 'count: expected 1 to 10000', 'status: expected an HTTP status from 200 to 599']);
  });
});

describe('bad input never crashes the server and never answers 500', () => {
  it('answers every malformed request with a documented error or a 4xx', async () => {
    const paths = [
      '/event?%',
      '/event?d_rtbd=json&=&&&=x',
      '/event?d_rtbd=json&d_sid=abc,,-1,99999999999999999999',
      '/event?d_rtbd=json&d_cid=%01%01%01',
      '/event?d_rtbd=json&d_cid_ic=',
      '/event?d_rtbd=json&__proto__=x&constructor=y',
      `/event?d_rtbd=json&c_x=${'%FF'.repeat(100)}`,
      '/ibs:',
      '/ibs:dpid=x',
      '/ibs:%zz',
      '/demoptout.jpg?d_cid=%01',
      '/__admin/profiles/%E0%A4%A',
      '/frame.html?x=<script>',
    ];
    for (const path of paths) {
      const reply = await get(path);
      expect(reply.status, path).toBeLessThan(500);
    }
    expect((await get(`${EVENT}&c_section=sports`)).json().segments).toEqual([5001]);
  });
});

describe('--https', () => {
  it('serves over HTTPS with a locally generated certificate for the host and its partner subdomains', async () => {
    const secure = await startMockDcs({ https: true });
    try {
      expect(secure.url).toMatch(/^https:\/\/dcs\.localhost:\d+$/);
      const reply = await call(secure.port, '/event?d_rtbd=json&d_cts=2&c_section=sports', { ca: secure.certificate as string });
      expect(reply.json().segments).toEqual([5001]);
      expect(String(reply.headers['set-cookie'])).toContain('Secure');
    } finally {
      await secure.close();
    }
  });
});
