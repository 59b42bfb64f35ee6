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

  it('error 172 says "Blocked cookies", in the words of the error table, before the emulator’s detail (dcs-error-codes: 172)', async () => {
    const device = (await get(EVENT)).json().uuid as string;
    const blocked = await get(`${EVENT}&d_uuid=${device}`);
    expect(blocked.json().errors).toEqual([{ code: 172, msg: expect.stringMatching(/^Blocked cookies: /) }]);
    expect(blocked.headers['x-error']).toBe('172');
  });
});
