import { describe, expect, it } from 'vitest';
import { encodeBootCall, type EventParams } from '@audience-relay/protocol';

// The boot fragment stays in the page: the <iframe src> a session recorder serializes, the
// Resource Timing entry a RUM script sends to its servers (an entry is never taken back). The
// tag keeps the device-ID copy (`uuid`) and private signals out of it for that reason
// (SECURITY.md, "The boot fragment kept in the page"). The Experience Cloud ID (`ecid.mid`, sent
// as d_mid) is a device ID just as much: Adobe's persistent visitor ID, which the DCS
// recognizes the device by, and which those scripts would otherwise never collect (it lives in
// the AMCV_ cookie, which they do not read).
const MID = '12345678901234567890123456789012345678';
const first: EventParams = {
  signals: { c_section: ['sports'] },
  traits: [],
  uuid: null,
  coppa: false,
  ids: [],
  url: 'https://publisher.example/a',
  privacy: { gdpr: null, tcString: null, gpp: null, gppSid: [], usPrivacy: null, restricted: false },
  ecid: { mid: MID, orgId: '53A16ACB5CC1D3760A495C99@AdobeOrg' },
};

describe('hostile: the boot fragment and the Experience Cloud ID', () => {
  it('the device-ID copy keeps a first call out of the fragment', () => {
    expect(encodeBootCall({ ...first, uuid: '1'.repeat(38) })).toBeNull();
  });

  // Fixed in packages/protocol/src/boot-call.ts (isBootable): a call with `ecid` is no boot
  // call, like one with `uuid` (it takes the port).
  it('the MID never rides in the frame URL', () => {
    const fragment = encodeBootCall(first);
    expect(fragment ?? '').not.toContain(MID);
  });
});
