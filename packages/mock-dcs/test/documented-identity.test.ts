// What Audience Manager's public pages say about the device ID on /event, checked against mock-dcs.
//
// - "Supported Attributes for DCS API Calls" (experienceleague.adobe.com/en/docs/audience-manager/
//   user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-keys): `d_uuid` is the "Unique user ID.
//   Identifies a visitor when this value is not available from a cookie." The demdex cookie comes
//   first; `d_uuid` is the fallback (server-to-server calls, blocked cookies).
// - "DCS Error Codes, Messages, and Examples" (…/dcs-api-reference/dcs-error-codes): error 172's
//   message is "Blocked cookies".
import { describe, expect, it } from 'vitest';
import { call, mockDcsPerFile, type CallOptions } from './helpers';

const PUBLISHER = 'https://www.publisher.example';
const EVENT = '/event?d_rtbd=json&d_cts=2';
const dcs = mockDcsPerFile({
  defaultPartner: 'acme',
  partners: {
    acme: {
      allowedOrigins: [PUBLISHER],
      orgId: 'ACME123@AdobeOrg',
      traits: [{ id: 1001, rule: 'c_section == "sports"' }],
      segments: [{ id: 5001, rule: '1001T' }],
    },
  },
});
const get = (path: string, options?: CallOptions) => call(dcs().port, path, options);
const withCookie = (uuid: string): CallOptions => ({ headers: { cookie: `demdex=${uuid}` } });

describe('the device ID of an /event call, as the DCS API reference describes it', () => {
  it('the demdex cookie identifies the visitor; d_uuid only where the cookie is not available (dcs-keys: d_uuid)', async () => {
    const cookieDevice = (await get(`${EVENT}&c_section=sports`)).json().uuid as string;
    const other = (await get(EVENT)).json().uuid as string;
    expect(other).not.toBe(cookieDevice);

    // Both: the cookie's device answers, keeps the cookie, and no profile is touched under d_uuid.
    const both = await get(`${EVENT}&d_uuid=${other}`, withCookie(cookieDevice));
    expect(both.json().uuid).toBe(cookieDevice);
    expect(both.json().segments).toEqual([5001]);
    expect(both.headers['set-cookie']?.[0]).toMatch(new RegExp(`^demdex=${cookieDevice};`));
    expect(dcs().requests().at(-1)?.uuid).toBe(cookieDevice);

    // No cookie: d_uuid identifies the visitor.
    expect((await get(`${EVENT}&d_uuid=${other}`)).json().uuid).toBe(other);
    // The ID service's /id already reads them in this order (routes/id.ts): /event now agrees.
    const id = await get(`/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=ACME123%40AdobeOrg&d_nsid=0&d_uuid=${other}`, withCookie(cookieDevice));
    expect(id.headers['set-cookie']?.[0]).toMatch(new RegExp(`^demdex=${cookieDevice};`));
  });

  it('an invalid d_uuid beside a valid cookie is still error 102, and the cookie still identifies the visitor', async () => {
    const device = (await get(EVENT)).json().uuid as string;
    const reply = await get(`${EVENT}&d_uuid=123`, withCookie(device));
    expect(reply.json().uuid).toBe(device);
    expect(reply.json().errors).toEqual([{ code: 102, msg: 'Invalid AAM ID passed in request 123' }]);
  });

  // Fidelity review (session m): Adobe's own server-to-server samples ("DCS API Methods": curl
  // with d_uuid and no cookie; "Making Server-to-Server DCS API Calls": d_uuid or d_mid) got 172
  // "Blocked cookies" from the second call on, as did a direct integration's /id with d_mid; 172
  // is "Returned when the user's browser blocks third-party cookies", and a server has none.
  it('a server-to-server call (no Origin, Referer or Sec-Fetch-Site) by d_uuid or d_mid never gets 172, on /event or /id', async () => {
    const sample = `/event?d_uuid=22345678901234567890123456789012345678&d_rtbd=json&c_likes=famous%20popstar&c_loves=famous%20actress`;
    for (let i = 0; i < 3; i++) expect((await get(sample)).json().errors, `GET ${i}`).toBeUndefined();
    const posted = await call(dcs().port, '/event', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'c_likes=famous%20popstar&d_uuid=22345678901234567890123456789012345678&d_rtbd=json' });
    expect(posted.headers['x-error']).toBeUndefined();
    const mid = '11112222333344445555666677778888999900';
    for (let i = 0; i < 2; i++) expect((await get(`${EVENT}&d_mid=${mid}`)).json().errors, `d_mid ${i}`).toBeUndefined();
    // The same device from a browser that does not send the cookie back: 172.
    expect((await get(sample, { headers: { referer: 'https://www.publisher.example/' } })).json().errors).toEqual([expect.objectContaining({ code: 172 })]);
  });

  it('error 172 says "Blocked cookies", in the words of the error table, before the emulator’s detail (dcs-error-codes: 172)', async () => {
    const device = (await get(EVENT)).json().uuid as string;
    const blocked = await get(`${EVENT}&d_uuid=${device}`, { headers: { origin: 'https://www.publisher.example' } });
    expect(blocked.json().errors).toEqual([{ code: 172, msg: expect.stringMatching(/^Blocked cookies: /) }]);
    expect(blocked.headers['x-error']).toBe('172');
  });
});
