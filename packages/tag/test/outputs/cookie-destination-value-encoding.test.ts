// @vitest-environment happy-dom
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
// The frame's side: packages/frame/test/cookie-destination-value-encoding.test.ts.
// Fixed in packages/protocol/src/messages.ts isCookieDestination (the value may hold any
// printable characters; the tag's encodeCookieValue makes it a valid cookie value).
import { afterEach, describe, expect, it } from 'vitest';
import { removeCookie } from '../../src/cookie';
import { writeCookieDestinations } from '../../src/outputs/cookies';

afterEach(() => {
  for (const pair of document.cookie.split('; ')) if (pair) removeCookie(document, pair.split('=')[0]!);
  localStorage.clear();
});

describe('a cookie destination whose value has a space or a semicolon (AM: "spaces are encoded as %20 and semicolons … as %3B")', () => {
  it('the tag writes it percent-encoded, as DIL does (encodeURIComponent)', () => {
    writeCookieDestinations(document, [{ name: 'aud_seg', value: 'seg=sports fan', days: 30, domain: '.' }], () => localStorage, 'acme');
    expect(decodeURIComponent(document.cookie)).toBe('aud_seg=seg=sports fan');
  });

  it('a semicolon is written as %3B, never as an attribute', () => {
    writeCookieDestinations(document, [{ name: 'aud_seg', value: 'seg=a;b', days: 30, domain: '.' }], () => localStorage, 'acme');
    expect(document.cookie).toBe('aud_seg=seg=a%3Bb');
  });
});
