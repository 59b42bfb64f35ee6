// d_cts, as Audience Manager's "Supported Attributes for DCS API Calls" defines it
// (experienceleague.adobe.com/en/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-keys):
// "d_cts=1 / d_cts=2: Indicates that traits and segments should be returned inside the JSON
// response. d_cts=1 returns legacy segment IDs for the segments. d_cts=2 returns segment IDs for
// the segments." The legacy segment ID is the segment's csegID ("Index of IDs in Audience Manager").
// mock-dcs answered d_cts=1 with segments and no traits, and with the new segment IDs.
import { describe, expect, it } from 'vitest';
import { compileConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const partner = {
  allowedOrigins: ['https://www.publisher.example'],
  traits: [{ id: 1001, rule: 'c_section == "sports"' }, { id: 1002, rule: 'c_tag == "golf"' }],
  segments: [
    { id: 984263, legacyId: 741232, rule: '1001T' },
    { id: 985264, rule: '1001T AND 1002T' },
  ],
};
const dcs = mockDcsPerFile({ defaultPartner: 'acme', partners: { acme: partner } });
const get = (query: string) => call(dcs().port, `/event?d_rtbd=json&c_section=sports&c_tag=golf&${query}`).then((r) => r.json());

describe('d_cts: traits and segments in the answer', () => {
  it('d_cts=2: the traits, and the segment IDs', async () => {
    expect(await get('d_cts=2')).toMatchObject({ traits: [1001, 1002], segments: [984263, 985264] });
  });

  it('d_cts=1: the traits too, and the legacy segment IDs (a segment without one configured answers its ID)', async () => {
    expect(await get('d_cts=1')).toMatchObject({ traits: [1001, 1002], segments: [741232, 985264] });
  });

  it('no d_cts: neither', async () => {
    const body = await get('d_jsonv=1');
    expect(body.traits).toBeUndefined();
    expect(body.segments).toBeUndefined();
  });

  it('a legacyId that is not a positive integer is a config problem', () => {
    expect(() => compileConfig({ partners: { acme: { ...partner, segments: [{ id: 1, legacyId: -3, rule: '1001T' }] } } })).toThrow(/segments\[0\]\.legacyId: expected a positive integer/);
  });
});
