import { describe, expect, it } from 'vitest';
import { buildEventQuery, decodeBootCall, encodeBootCall, isEventParams, type EventParams } from '../src/index';

const MID = '12345678901234567890123456789012345678';
const ORG = '53A16ACB5CC1D3760A495C99@AdobeOrg';
const params = (over: Partial<EventParams> = {}): EventParams => ({ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null, ...over });

describe('Experience Cloud ID (d_mid with d_orgid)', () => {
  it('goes out as d_mid and d_orgid, the org percent-encoded', () => {
    expect(buildEventQuery({ params: params({ ecid: { mid: MID, orgId: ORG } }), deviceId: null })).toBe(
      `d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&d_mid=${MID}&d_orgid=53A16ACB5CC1D3760A495C99%40AdobeOrg`,
    );
  });

  it('is not sent under COPPA, nor without one', () => {
    expect(buildEventQuery({ params: params({ coppa: true, ecid: { mid: MID, orgId: ORG } }), deviceId: null })).not.toMatch(/d_mid|d_orgid/);
    expect(buildEventQuery({ params: params(), deviceId: null })).not.toMatch(/d_mid|d_orgid/);
  });

  it('the frame accepts it only well-formed: 38 digits and <id>@AdobeOrg', () => {
    expect(isEventParams(params({ ecid: { mid: MID, orgId: ORG } }))).toBe(true);
    for (const ecid of [{ mid: '123', orgId: ORG }, { mid: MID, orgId: 'acme' }, { mid: MID, orgId: 'x&d_uuid=1@AdobeOrg' }, { mid: MID }, null, 'x']) {
      expect(isEventParams({ ...params(), ecid })).toBe(false);
    }
  });

  it('keeps a first call out of the boot fragment (a device ID stays out of the page; it takes the port)', () => {
    const boot = params({ ecid: { mid: MID, orgId: ORG }, signals: { c_a: ['1'] } });
    expect(encodeBootCall(boot)).toBeNull();
    // A crafted fragment with one is not made by the frame either.
    expect(decodeBootCall(`#${encodeURIComponent(JSON.stringify(boot))}`)).toBeNull();
  });
});
