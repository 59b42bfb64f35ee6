// Conformance, DCS-PROTOCOL.md §6: what Adobe's own clients (Visitor API 5.x, DIL 9.x) send
// and expect, one test per documented behaviour, named after it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, compileConfig, startContentProvider, startMockDcs, type ContentProvider, type MockDcs, type MockDcsConfig } from '../src/index';
import { dest5Document } from '../src/routes/dest5';
import { call, type CallOptions } from './helpers';

const PUBLISHER = 'https://www.publisher.example';
const ORG = 'ACME123@AdobeOrg';
const PROVIDER = 777;
const ID = `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}&d_nsid=0`;
const EVENT = '/event?d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2';

let dcs: MockDcs;
let provider: ContentProvider;

function config(extra: Partial<MockDcsConfig> = {}): MockDcsConfig {
  return {
    defaultPartner: 'acme',
    partners: {
      acme: {
        allowedOrigins: [PUBLISHER],
        region: 9,
        orgId: ORG,
        dataSources: [{ id: 21, integrationCode: 'crm' }],
        traits: [
          { id: 1001, rule: 'c_section == "sports"' },
          { id: 1003, rule: 'h_referer contains "/golf/"' },
          { id: 1008, rule: 'd_ld contains "x" OR d_dil_ver == "9.5" OR _ts > 0' },
          { id: 1005, rule: 'segment == "golf_fan"', dpid: PROVIDER },
        ],
        segments: [
          { id: 5001, rule: '1001T' },
          { id: 5005, rule: '1005T' },
        ],
        destinations: [{ id: 2523, url: 'https://px.partner.example/s?seg=%alias%&mcid=%MCID%&did=%did%', segments: { 5001: 'sports' } }],
        idSyncs: [{ id: 411, dpid: PROVIDER, url: 'https://sync.partner.example/p?uid=${DD_UUID}&mcid=%MCID%', ttlMinutes: 10080 }],
        contentProviders: [{ id: 1, dpid: PROVIDER, url: `${provider.url}/segments?uid=\${DPUUID}`, timeoutMs: 5000 }],
      },
      beta: { allowedOrigins: ['https://beta.example'], orgId: 'BETA9@AdobeOrg', traits: [], segments: [] },
    },
    ...extra,
  };
}

const get = (path: string, options?: CallOptions) => call(dcs.port, path, options);
const withCookie = (value: string, extra: Record<string, string> = {}): CallOptions => ({ headers: { cookie: `demdex=${value}`, ...extra } });
const cookieOf = (reply: { headers: Record<string, string | string[] | undefined> }): string => String(reply.headers['set-cookie'] ?? '');
const uuidIn = (setCookie: string): string => /demdex=(\d{38})/.exec(setCookie)?.[1] ?? '';

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
});

describe('§6 the ID service, GET /id', () => {
  it('answers the documented JSON: d_mid (38 digits), dcs_region, d_blob, id_sync_ttl 604800, subdomain, ibs, d_ottl, tid; and sets the device cookie', async () => {
    const reply = await get(`${ID}&ts=1700000000000`, { headers: { origin: PUBLISHER } });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    const body = reply.json();
    const uuid = uuidIn(cookieOf(reply));
    expect(uuid).toMatch(/^\d{38}$/);
    expect(body).toEqual({
      d_mid: expect.stringMatching(/^\d{38}$/),
      d_blob: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
      dcs_region: 9,
      id_sync_ttl: 604800,
      subdomain: 'acme',
      d_ottl: 7200,
      ibs: [{ id: '411', ttl: 10080, tag: 'img', fireURLSync: 0, syncOnPage: 0, url: [`https://sync.partner.example/p?uid=${uuid}&mcid=${body.d_mid}`] }],
      tid: expect.stringMatching(/^[A-Za-z0-9+/]{11}=$/),
    });
    expect(body.d_mid).not.toBe(uuid);
  });

  it('d_mid is derived from org and device: the same pair always gives the same MID, another org another one', async () => {
    const first = await get(ID);
    const uuid = uuidIn(cookieOf(first));
    const again = await get(ID, withCookie(uuid));
    expect(again.json().d_mid).toBe(first.json().d_mid);
    const other = await get(`/id?d_rtbd=json&d_orgid=${encodeURIComponent('BETA9@AdobeOrg')}`, withCookie(uuid));
    expect(other.json().subdomain).toBe('beta');
    expect(other.json().d_mid).toMatch(/^\d{38}$/);
    expect(other.json().d_mid).not.toBe(first.json().d_mid);
    // A restarted mock gives the same MID for the pair: nothing random in it.
    const restarted = await startMockDcs({ config: config() });
    try {
      expect((await call(restarted.port, ID, withCookie(uuid))).json().d_mid).toBe(first.json().d_mid);
    } finally {
      await restarted.close();
    }
  });

  it('a client that already has a MID keeps it, and the DCS links it to the device', async () => {
    const mid = '12345678901234567890123456789012345678';
    const reply = await get(`${ID}&d_mid=${mid}&d_blob=old`);
    expect(reply.json().d_mid).toBe(mid);
    const uuid = uuidIn(cookieOf(reply));
    expect((await get(`${EVENT}&d_mid=${mid}&c_section=sports`)).json().uuid).toBe(uuid);
  });

  it('CORS for allowed origins only, with credentials; never *', async () => {
    const allowed = await get(ID, { headers: { origin: PUBLISHER } });
    expect(allowed.headers['access-control-allow-origin']).toBe(PUBLISHER);
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const other = await get(ID, { headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await get(ID, { method: 'OPTIONS', headers: { origin: PUBLISHER, 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(PUBLISHER);
  });

  it('finds the partner by d_orgid on a host that names none (dpm.), and answers error 2 with error_msg for an unknown org', async () => {
    const reply = await get(`/id?d_rtbd=json&d_orgid=${encodeURIComponent('BETA9@AdobeOrg')}`, { headers: { host: 'dpm.dcs.localhost', origin: 'https://beta.example' } });
    expect(reply.json().subdomain).toBe('beta');
    expect(reply.headers['access-control-allow-origin']).toBe('https://beta.example');
    const unknown = await get(`/id?d_rtbd=json&d_orgid=${encodeURIComponent('NOPE1@AdobeOrg')}`);
    expect(unknown.json()).toEqual({ tid: expect.any(String), error_msg: expect.stringContaining('NOPE1@AdobeOrg'), errors: [{ code: 2, msg: expect.any(String) }] });
    expect(unknown.headers['x-error']).toBe('2');
    expect(cookieOf(unknown)).toBe('');
    expect((await get('/id?d_rtbd=json')).json().errors).toEqual([{ code: 2, msg: expect.stringMatching(/^Invalid d_orgid value \(could not find a config for this org id\): \(no d_orgid/) }]);
  });

  it('JSONP with d_cb, as Visitor names its callback (s_c_il[0]._setAudienceManagerFields)', async () => {
    const reply = await get(`${ID}&d_cb=s_c_il%5B0%5D._setAudienceManagerFields`);
    expect(reply.headers['content-type']).toMatch(/^text\/javascript/);
    expect(reply.body).toMatch(/^s_c_il\[0\]\._setAudienceManagerFields\(\{"d_mid":"\d{38}"/);
  });

  it('opt-out: a NOTARGET device gets d_optout ["global"] and d_ottl, no MID and no ID syncs', async () => {
    const body = (await get(ID, withCookie('NOTARGET'))).json();
    expect(body).toMatchObject({ d_optout: ['global'], d_ottl: 7200, ibs: [] });
    expect(body.d_mid).toBeUndefined();
  });

  it('d_coppa=true (how Visitor says it): a MID but no cookie read or set, and no ID syncs', async () => {
    const reply = await get(`${ID}&d_coppa=true`);
    expect(reply.json().d_mid).toMatch(/^\d{38}$/);
    expect(reply.json().ibs).toEqual([]);
    expect(cookieOf(reply)).toBe('');
  });

  it('consent: gdpr=1 without a consent string that grants it: error 315 in error_msg, nothing stored, no syncs', async () => {
    const reply = await get(`${ID}&gdpr=1&gdpr_consent=`);
    expect(reply.json()).toMatchObject({ error_msg: 'Consent string indicates no consent', errors: [{ code: 315 }], ibs: [] });
    expect(cookieOf(reply)).toBe('');
  });

  it('declared IDs by integration code (d_cid_ic=CODE%01ID%01AUTHSTATE) land on the device profile', async () => {
    const reply = await get(`${ID}&d_cid_ic=crm%01u-42%011`);
    const uuid = uuidIn(cookieOf(reply));
    expect(dcs.profiles().find((p) => p.uuid === uuid)?.declaredIds).toEqual({ 21: ['u-42'] });
  });
});

describe('§6 one visitor, one profile: /id, /event and /ibs: agree', () => {
  it('d_mid (with d_orgid) is an identity key: without the cookie, /event and /ibs: find the device /id linked it to', async () => {
    const id = await get(ID);
    const uuid = uuidIn(cookieOf(id));
    const mid = id.json().d_mid as string;
    const event = (await get(`${EVENT}&d_mid=${mid}&d_orgid=${encodeURIComponent(ORG)}&c_section=sports`)).json();
    expect(event.uuid).toBe(uuid);
    await get(`/ibs:dpid=${PROVIDER}&dpuuid=cp-9&d_mid=${mid}`);
    expect(dcs.profiles().find((p) => p.uuid === uuid)?.syncedIds).toEqual({ [PROVIDER]: 'cp-9' });
    expect(dcs.profiles()).toHaveLength(1);
  });

  it('the same d_mid without the device cookie keeps its uuid on /event too (no /id before)', async () => {
    const mid = '99999999999999999999999999999999999999';
    const first = (await get(`${EVENT}&d_mid=${mid}`)).json().uuid;
    expect((await get(`${EVENT}&d_mid=${mid}`)).json().uuid).toBe(first);
  });

  it('error 172 where a device known by d_mid comes back without its cookie, explained in the answer and the request log', async () => {
    const id = await get(ID);
    const mid = id.json().d_mid as string;
    // (From a browser: a server-to-server call has no third-party cookies to block.)
    const reply = (await get(`${EVENT}&d_mid=${mid}`, { headers: { 'sec-fetch-site': 'cross-site' } })).json();
    expect(reply.errors).toEqual([{ code: 172, msg: expect.stringMatching(/^Blocked cookies: /) }]);
    expect(dcs.requests().at(-1)?.errors).toEqual([172]);
    // The ordinary first calls of a new visitor (/id, then /event with its cookie) raise none.
    expect(id.json().errors).toBeUndefined();
    expect((await get(`${EVENT}&d_mid=${mid}`, withCookie(uuidIn(cookieOf(id))))).json().errors).toBeUndefined();
  });

  it('the real-time content provider path works for a visitor identified by d_mid alone', async () => {
    const id = await get(ID);
    const uuid = uuidIn(cookieOf(id));
    await get(`/ibs:dpid=${PROVIDER}&dpuuid=cp-1`, withCookie(uuid));
    const body = (await get(`${EVENT}&d_mid=${id.json().d_mid as string}`)).json();
    expect(body.traits).toEqual([1005]);
    expect(body.segments).toEqual([5005]);
  });
});

describe('§6 DIL event calls', () => {
  it('a CORS POST counts its query string (d_dil_ver, _ts) as much as its form body', async () => {
    const reply = await get('/event?d_dil_ver=9.5&_ts=1700000000000', {
      method: 'POST',
      headers: { origin: PUBLISHER, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'd_nsid=0&c_section=sports&d_rtbd=json&d_jsonv=1&d_dst=1',
    });
    expect(reply.headers['access-control-allow-origin']).toBe(PUBLISHER);
    const body = reply.json();
    expect(body.stuff).toEqual([]);
    expect(body.dests).toEqual([expect.objectContaining({ id: '2523' })]);
    expect(dcs.requests().at(-1)?.signals).toMatchObject({ c_section: ['sports'] });
    // The query alone says how to answer, too.
    const byQuery = (await get('/event?d_rtbd=json&d_cts=2', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'c_section=sports' })).json();
    expect(byQuery.segments).toEqual([5001]);
  });

  it("client log parameters (d_ld, d_dil_ver, _ts) are kept out of signals: no trait can match them", async () => {
    const body = (await get(`${EVENT}&d_ld=_ts%3D1%26x%3D1&d_dil_ver=9.5&_ts=1700000000000`)).json();
    expect(body.traits).toEqual([]);
    const signals = dcs.requests().at(-1)?.signals ?? {};
    expect(Object.keys(signals).filter((k) => !k.startsWith('h_'))).toEqual([]);
  });

  it('h_referer sent as a parameter is the full page URL and wins over the Referer header', async () => {
    const page = 'https://www.publisher.example/golf/open?x=1';
    const body = (await get(`${EVENT}&h_referer=${encodeURIComponent(page)}`, { headers: { referer: 'https://www.publisher.example/' } })).json();
    expect(body.traits).toEqual([1003]);
    expect(dcs.requests().at(-1)?.signals.h_referer).toEqual([page]);
  });
});

describe('§6 macros', () => {
  it('%MCID% in URL destinations and ID syncs is the d_mid; every documented macro works in lower case too', async () => {
    const mid = '11111111111111111111111111111111111111';
    const body = (await get(`${EVENT}&d_mid=${mid}&c_section=sports`)).json() as { uuid: string; dests: Array<{ c: string }>; ibs: Array<{ url: string[] }> };
    expect(body.dests[0]?.c).toBe(`https://px.partner.example/s?seg=sports&mcid=${mid}&did=${body.uuid}`);
    expect(body.ibs[0]?.url[0]).toBe(`https://sync.partner.example/p?uid=${body.uuid}&mcid=${mid}`);
  });

  it('every documented macro, in the documented lower case: %alias% %did% %dpid_<n>% ${GDPR} ${GDPR_CONSENT_<n>} %http_proto% %mcid% %region% %rnd% %timestamp%', async () => {
    const macros = 'a=%alias%&d=%did%&p=%dpid_21%&g=${GDPR}&c=${GDPR_CONSENT_565}&h=%http_proto%&m=%mcid%&r=%region%&n=%rnd%&t=%timestamp%';
    const base = config();
    base.partners.acme!.destinations = [{ id: 1, url: `https://px.example/?${macros}`, segments: { 5001: 'sports' } }];
    dcs.setConfig(base);
    const mid = '22222222222222222222222222222222222222';
    const before = Date.now();
    const body = (await get(`${EVENT}&c_section=sports&d_mid=${mid}&d_cid=21%01crm-7&gdpr=0`)).json() as { uuid: string; dests: Array<{ c: string }> };
    const url = new URL(body.dests[0]?.c ?? '');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      a: 'sports', d: body.uuid, p: 'crm-7', g: '0', c: '', h: 'http', m: mid, r: '9', n: expect.stringMatching(/^\d+$/), t: expect.stringMatching(/^\d{13}$/),
    });
    expect(Number(url.searchParams.get('t'))).toBeGreaterThanOrEqual(before);
  });

  it('%MCID% without d_mid is the MID the ID service gives this device', async () => {
    const id = await get(ID);
    const uuid = uuidIn(cookieOf(id));
    const body = (await get(`${EVENT}&c_section=sports`, withCookie(uuid))).json() as { dests: Array<{ c: string }> };
    expect(body.dests[0]?.c).toContain(`mcid=${id.json().d_mid as string}&`);
  });
});

describe('§6 the device cookie: name and domain per DCS', () => {
  it('default: demdex, host-only', async () => {
    expect(cookieOf(await get(EVENT))).toMatch(/^demdex=\d{38}; Max-Age=15552000; Path=\/; SameSite=None; Secure; Partitioned$/);
  });

  it('deviceCookie { name, domain }: set for the whole DCS domain, so dpm. and <partner>. share one device ID', async () => {
    dcs.setConfig(config({ deviceCookie: { name: 'aam_uuid', domain: '.dcs.localhost' } }));
    const id = await get(ID, { headers: { host: 'dpm.dcs.localhost' } });
    expect(cookieOf(id)).toMatch(/^aam_uuid=\d{38}; Max-Age=15552000; Path=\/; Domain=\.dcs\.localhost; SameSite=None; Secure; Partitioned$/);
    const uuid = /aam_uuid=(\d{38})/.exec(cookieOf(id))?.[1] as string;
    const event = await get(EVENT, { headers: { host: 'acme.dcs.localhost', cookie: `aam_uuid=${uuid}; demdex=${'1'.repeat(38)}` } });
    expect(event.json().uuid).toBe(uuid);
    // A host outside the domain, which browsers would refuse it for, gets a host-only cookie.
    expect(cookieOf(await get(EVENT, { headers: { host: 'other.example' } }))).not.toContain('Domain=');
    expect(cookieOf(await get('/demoptout.jpg', { headers: { host: 'acme.dcs.localhost', cookie: `aam_uuid=${uuid}` } }))).toMatch(/^aam_uuid=NOTARGET;.*Domain=\.dcs\.localhost/);
  });

  it('an invalid cookie name or domain is refused with a clear error for each', () => {
    let error: unknown;
    try {
      compileConfig(config({ deviceCookie: { name: 'bad name', domain: 'localhost', path: '/' } as never }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'deviceCookie.path: unknown option (expected name, domain, partitioned)',
      'deviceCookie.name: expected a cookie name (letters, digits and !#$&\'*+.^_`|~-), such as "demdex"',
      'deviceCookie.domain: expected a domain of at least two labels, such as ".demdex.net" or ".dcs.localhost"',
    ]);
    expect(() => compileConfig(config({ deviceCookie: { name: '__Host-id', domain: '.demdex.net' } }))).toThrow(/"__Host-" cookie cannot have a domain/);
  });
});

describe('§6 the destination-publishing iframe, GET /dest5.html', () => {
  it('is served with a strict CSP: script by hash only, no inline handlers, embedding by allowed origins only', async () => {
    const reply = await get('/dest5.html?d_nsid=0', { headers: { host: 'acme.dcs.localhost' } });
    expect(reply.status).toBe(200);
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; img-src http: https:; frame-src http: https:; base-uri 'none'; form-action 'none'; frame-ancestors https:\/\/www\.publisher\.example$/);
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    expect(reply.body).not.toMatch(/\son[a-z]+=|innerHTML|eval\(/);
    expect(reply.body).toContain('<script type="application/json" id="allowed-origins">["https://www.publisher.example"]</script>');
  });

  it('declares origins so that no value can close its data block', () => {
    const partner = compileConfig(config()).partners.get('acme');
    const html = dest5Document({ ...partner!, allowedOrigins: new Set(['https://a.example</script><script>x']) }).html;
    expect(html).not.toContain('</script><script>x');
  });
});
