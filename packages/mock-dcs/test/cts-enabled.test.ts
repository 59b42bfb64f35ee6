// "Supported Attributes for DCS API Calls" (https://experienceleague.adobe.com/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-keys.html):
// d_cts=1 and d_cts=2 are "Optional. Enabled on customer request." An Audience Manager account
// that has not asked answers no `traits` and no `segments`, whatever the call says; segments then
// reach a page only through cookie destinations (`stuff`). mock-dcs always answered them, so no
// page or QA run could see what a first deployment on such an account gets. `ctsEnabled: false`
// answers as that account (refused as an unknown key before).
import { describe, expect, it } from 'vitest';
import { compileConfig, type MockDcsConfig } from '../src/config';
import { call, mockDcsPerFile } from './helpers';

const config = (ctsEnabled?: boolean): MockDcsConfig => ({
  defaultPartner: 'acme',
  partners: {
    acme: {
      allowedOrigins: ['https://www.publisher.example'],
      ...(ctsEnabled === undefined ? {} : { ctsEnabled }),
      traits: [{ id: 1001, rule: 'c_section == "sports"' }],
      segments: [{ id: 5001, rule: '1001T' }],
      cookieDestinations: [{ name: 'aud_seg', ttlDays: 30, key: 'seg', segments: { 5001: 'sports' } }],
    },
  },
});
const dcs = mockDcsPerFile(config());
const EVENT = '/event?d_rtbd=json&d_cts=2&c_section=sports';

describe('partners.<name>.ctsEnabled', () => {
  it('false: a d_cts=2 call gets no traits and no segments; the cookie destination still carries the segment', async () => {
    dcs().setConfig(config(false));
    const body = (await call(dcs().port, EVENT)).json();
    expect(Object.keys(body)).toEqual(['stuff', 'uuid', 'dcs_region', 'tid']);
    expect(body.stuff).toEqual([{ cn: 'aud_seg', cv: 'seg=sports', ttl: 30, dmn: '' }]);
  });

  it('default (and true): traits and segments as asked', async () => {
    for (const enabled of [undefined, true]) {
      dcs().setConfig(config(enabled));
      expect((await call(dcs().port, EVENT)).json()).toMatchObject({ traits: [1001], segments: [5001] });
    }
  });

  it('a value that is not a boolean is refused with its path', () => {
    expect(() => compileConfig(config('no' as unknown as boolean))).toThrow(/partners\.acme\.ctsEnabled: expected true or false/);
  });
});
