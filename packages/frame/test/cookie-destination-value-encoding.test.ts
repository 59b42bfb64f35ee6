// fidelity6: a cookie destination (`stuff`) whose value has a space is dropped whole, though
// Audience Manager says the client encodes such values when it writes the cookie:
// "Audience Manager encodes data written to the destination cookie. For example, spaces are
// encoded as %20 and semicolons are encoded as %3B." ("Configure a Cookie Destination",
// https://experienceleague.adobe.com/docs/audience-manager/user-guide/features/destinations/create-cookie-destination.html).
// A segment mapping is free text ("Mapping lets you set a value for the key"; integration codes
// "limited to 255 characters"), so `cv: "seg=sports fan"` is an ordinary answer; DIL writes it as
// `encodeURIComponent(cv)` (its setCookie), i.e. `aud_seg=seg%3Dsports%20fan`. The frame's check
// (protocol isCookieDestination: no whitespace, `;`, `"` or `\` in the value) drops the entry
// before the tag's encodeCookieValue, which would write it safely (%20, %3B, %22, %5C), ever
// sees it: the publisher's server-side ad requests get no segment cookie for that visitor.
// Fixed in packages/protocol/src/messages.ts isCookieDestination (the value may hold any
// printable characters; the tag's encodeCookieValue makes it a valid cookie value).
import { describe, expect, it } from 'vitest';
import { parseEventResponse } from '../src/index';

const answer = { stuff: [{ cn: 'aud_seg', cv: 'seg=sports fan', ttl: 30, dmn: '' }], uuid: '1'.repeat(38), dcs_region: 7, tid: 'ss3OTqPiQp0=' };

describe('a cookie destination whose value has a space (AM: "spaces are encoded as %20")', () => {
  it('the frame keeps it for the tag (the tag test: packages/tag/test/outputs/cookie-destination-value-encoding.test.ts)', () => {
    expect(parseEventResponse(answer)?.result.cookies).toEqual([{ name: 'aud_seg', value: 'seg=sports fan', days: 30, domain: '' }]);
  });
});
