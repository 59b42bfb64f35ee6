// Fidelity review 9. Audience Manager locates each caller by its IP address: "Geotargeting With
// Platform-level Keys" lists the keys "determined by matching IP addresses to corresponding
// geographic and demographic data" (d_country, d_city, d_region, d_state, d_dma_code,
// d_postal_code, d_area_code, d_lat, d_long, d_isp; the United Kingdom as "UK", not ISO's
// "GB"), and "DCS Error Codes, Messages, and Examples" has the DCS block requests by the
// caller's country: 198 "Requests from this country are blocked by partner", 199 "Requests
// from this country are not allowed" (Cuba, Iran, North Korea, Sudan, Syria).
// mock-dcs had none of it: a geo trait qualified only on a value the caller sent itself, and
// no call could ever get 198 or 199. The emulator has no IP database: its config's `geo`
// says where a caller (by the address the DCS sees) is.
import { describe, expect, it } from 'vitest';
import { ConfigError, compileConfig, type MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const ORG = 'ACME123@AdobeOrg';
const partners: MockDcsConfig['partners'] = {
  acme: {
    allowedOrigins: [],
    orgId: ORG,
    blockedCountries: ['fr'],
    traits: [
      { id: 1, rule: 'd_country == "US" AND d_state == "NY" AND d_dma_code == 501' },
      { id: 2, rule: 'd_country == "FR"' },
      { id: 3, rule: 'd_country == "UK"' },
    ],
    segments: [],
  },
  beta: { allowedOrigins: [], traits: [{ id: 2, rule: 'd_country == "FR"' }], segments: [] },
};
const located = (geo: NonNullable<MockDcsConfig['geo']>): MockDcsConfig => ({ defaultPartner: 'acme', geo, partners });
const dcs = mockDcsPerFile({ defaultPartner: 'acme', partners });
const EVENT = '/event?d_rtbd=json&d_cts=2';
const ID = `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}`;

describe('the geo keys, from where the caller is', () => {
  it('a located caller gets the platform-level geo keys; its own d_country is not taken', async () => {
    dcs().setConfig(located({ '127.0.0.1': { country: 'US', state: 'NY', city: 'new york', dma_code: 501, postal_code: '10022', lat: 40.75, long: -73.98 } }));
    const reply = await call(dcs().port, `${EVENT}&d_country=FR`);
    expect(reply.json().traits).toEqual([1]);
    expect(dcs().requests().at(-1)?.signals).toMatchObject({
      d_country: ['US'], d_city: ['new york'], d_state: ['NY'], d_dma_code: ['501'], d_postal_code: ['10022'], d_lat: ['40.75'], d_long: ['-73.98'],
    });
  });

  it('the United Kingdom is d_country "UK", as Audience Manager targets it; "*" places every other caller', async () => {
    dcs().setConfig(located({ '10.9.9.9': { country: 'US' }, '*': { country: 'GB' } }));
    expect((await call(dcs().port, EVENT)).json().traits).toEqual([3]);
  });

  it('without geo nobody is located: a d_country the caller sends stays a signal, as before', async () => {
    expect((await call(dcs().port, `${EVENT}&d_country=FR`)).json().traits).toEqual([2]);
  });
});

describe('errors 198 and 199, by the caller\'s country', () => {
  it('199: a caller in Cuba, Iran, North Korea, Sudan or Syria gets no data, no device ID and no cookie, on /event and /id', async () => {
    for (const country of ['CU', 'IR', 'KP', 'SD', 'SY']) {
      dcs().setConfig(located({ '*': { country } }));
      const reply = await call(dcs().port, EVENT);
      expect(reply.json()).toEqual({ stuff: [], dcs_region: 7, tid: expect.any(String), errors: [{ code: 199, msg: `Requests from this country are not allowed: ${country}` }] });
      expect(reply.headers['x-error']).toBe('199');
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
    const id = await call(dcs().port, ID);
    expect(id.json()).toEqual({ tid: expect.any(String), error_msg: 'Requests from this country are not allowed: SY', errors: [{ code: 199, msg: 'Requests from this country are not allowed: SY' }] });
    expect(id.headers['set-cookie']).toBeUndefined();
    expect(dcs().profiles()).toEqual([]);
  });

  it('198: a country the partner blocks (blockedCountries) is refused for that partner only', async () => {
    dcs().setConfig(located({ '127.0.0.1': { country: 'FR' } }));
    const refused = await call(dcs().port, EVENT);
    expect(refused.json().errors).toEqual([{ code: 198, msg: 'Requests from this country are blocked by partner: FR' }]);
    expect(refused.json().uuid).toBeUndefined();
    expect((await call(dcs().port, ID)).json().errors).toEqual([{ code: 198, msg: expect.any(String) }]);
    const other = await call(dcs().port, EVENT, { headers: { host: 'beta.dcs.localhost' } });
    expect(other.json().traits).toEqual([2]);
    expect(other.json().uuid).toMatch(/^\d{38}$/);
  });
});

describe('the config', () => {
  const problemsOf = (input: unknown): readonly string[] => {
    try {
      compileConfig(input);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };
  it('names each bad geo entry and blocked country with its path', () => {
    const problems = problemsOf({
      geo: { 'not an ip': { country: 'US' }, '127.0.0.1': { country: 'USA', town: 'x', lat: {} } },
      partners: { acme: { allowedOrigins: [], blockedCountries: ['France'], traits: [], segments: [] } },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^geo\.not an ip: expected an IP address/),
      expect.stringMatching(/^geo\.127\.0\.0\.1\.town: unknown option/),
      expect.stringMatching(/^geo\.127\.0\.0\.1\.country: expected a two-letter ISO 3166 country code/),
      expect.stringMatching(/^geo\.127\.0\.0\.1\.lat: expected a value/),
      expect.stringMatching(/^partners\.acme\.blockedCountries\[0\]: expected a two-letter ISO 3166 country code/),
    ]);
  });
});
