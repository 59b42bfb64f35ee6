// Audience Manager's `demdex` cookie is `SameSite=None; Secure`, not `Partitioned`: "Google
// Chrome SameSite labelling changes" (https://experienceleague.adobe.com/docs/id-service/using/reference/chrome-samesite-labelling.html)
// says Adobe's servers label their third-party cookies SameSite=None and Secure, and "Adobe
// Analytics and browser cookies" (https://experienceleague.adobe.com/docs/analytics/technotes/cookies.html)
// that the demdex.net cookie gives one identifier across customer domains and none where
// third-party cookies are blocked. A partitioned cookie does neither: it is kept per top-level
// site even where third-party cookies are allowed. `deviceCookie.partitioned: false` answers
// as Audience Manager does; before it, the option was refused ("unknown option").
import { describe, expect, it } from 'vitest';
import { compileConfig, type MockDcsConfig } from '../src/config';
import { call, mockDcsPerFile } from './helpers';

const PUBLISHER = 'https://www.publisher.example';
const ORG = 'ACME123@AdobeOrg';
const config = (deviceCookie?: MockDcsConfig['deviceCookie']): MockDcsConfig => ({
  defaultPartner: 'acme',
  ...(deviceCookie ? { deviceCookie } : {}),
  partners: {
    acme: {
      allowedOrigins: [PUBLISHER],
      orgId: ORG,
      traits: [{ id: 1001, rule: 'c_section == "sports"' }],
      segments: [{ id: 5001, rule: '1001T' }],
    },
  },
});

const dcs = mockDcsPerFile(config());
const setCookies = (reply: { headers: Record<string, string | string[] | undefined> }): string[] => [reply.headers['set-cookie'] ?? []].flat();
const host = { host: 'acme.dcs.localhost' };

describe('deviceCookie.partitioned', () => {
  it('false: every cookie the DCS sets is SameSite=None; Secure without Partitioned, as demdex.net answers (/event, /id, /ibs:, /demoptout.jpg)', async () => {
    dcs().setConfig(config({ domain: '.dcs.localhost', partitioned: false }));
    const event = await call(dcs().port, '/event?d_rtbd=json&c_section=sports', { headers: host });
    const uuid = /demdex=(\d{38})/.exec(setCookies(event).join())?.[1] as string;
    expect(setCookies(event)).toEqual([`demdex=${uuid}; Max-Age=15552000; Path=/; Domain=.dcs.localhost; SameSite=None; Secure`]);
    const id = await call(dcs().port, `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}&d_nsid=0`, { headers: { host: 'dpm.dcs.localhost', cookie: `demdex=${uuid}` } });
    expect(setCookies(id)).toEqual([`demdex=${uuid}; Max-Age=15552000; Path=/; Domain=.dcs.localhost; SameSite=None; Secure`]);
    const sync = await call(dcs().port, '/ibs:dpid=411&dpuuid=p-1', { headers: { ...host, cookie: `demdex=${uuid}` } });
    expect(setCookies(sync)).toEqual([`demdex=${uuid}; Max-Age=15552000; Path=/; Domain=.dcs.localhost; SameSite=None; Secure`]);
    const optOut = await call(dcs().port, '/demoptout.jpg', { headers: { ...host, cookie: `demdex=${uuid}` } });
    expect(setCookies(optOut)).toEqual([
      'demdex=NOTARGET; Max-Age=315360000; Path=/; Domain=.dcs.localhost; SameSite=None; Secure',
      'dextp=NOTARGET; Max-Age=315360000; Path=/; Domain=.dcs.localhost; SameSite=None; Secure',
    ]);
  });

  it('default (and true): Partitioned, as before', async () => {
    for (const deviceCookie of [undefined, { partitioned: true }]) {
      dcs().setConfig(config(deviceCookie));
      const event = await call(dcs().port, '/event?d_rtbd=json', { headers: host });
      expect(setCookies(event)).toEqual([expect.stringMatching(/^demdex=\d{38}; Max-Age=15552000; Path=\/; SameSite=None; Secure; Partitioned$/)]);
    }
  });

  it('a value that is not a boolean is refused with its path', () => {
    expect(() => compileConfig(config({ partitioned: 'no' as unknown as boolean }))).toThrow(/deviceCookie\.partitioned: expected true \(CHIPS, the default\) or false/);
  });
});
