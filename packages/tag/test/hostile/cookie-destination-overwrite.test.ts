// @vitest-environment happy-dom
// A DCS answer (misconfigured or compromised) and the publisher's own, unprefixed cookies.
// (Outside review, branch attack3.) The tag already refuses `__Host-`/`__Secure-`/`ar_` names
// and names another partner wrote; any other name of the publisher's jar (a PHP or Java
// session, a CSRF token, an analytics client ID) is overwritten as if it were the DCS's: a
// compromised DCS fixes the visitor's session, and the clean-up at a consent withdrawal or an
// opt-out then deletes that session cookie (the record says the DCS wrote it).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearCookieDestinations } from '../../src/clear-cookie-destinations';
import { removeCookie } from '../../src/cookie';
import { writeCookieDestinations } from '../../src/outputs/cookies';

const jar = (): string[] => (document.cookie ? document.cookie.split('; ') : []);

beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://www.pub.example/');
});

afterEach(() => {
  for (const pair of jar()) removeCookie(document, pair.split('=')[0]!);
  localStorage.clear();
});

describe("cookie destinations and a cookie the publisher's site set itself", () => {
  // Fixed in outputs/cookies.ts: a destination is written only under a name
  // absent from the jar, or one this partner's record says its DCS wrote.
  it('a DCS answer never overwrites a cookie it did not write (a PHPSESSID fixed to the attacker\'s)', () => {
    document.cookie = 'PHPSESSID=visitor-session; Path=/';
    writeCookieDestinations(document, [{ name: 'PHPSESSID', value: 'attacker-known-session', days: 30, domain: '.' }], () => localStorage, 'acme');
    // Today: PHPSESSID=attacker-known-session (session fixation on the publisher's site).
    expect(jar()).toContain('PHPSESSID=visitor-session');
  });

  // Fixed with it: the record never takes a name it did not write.
  it("a consent withdrawal never deletes the publisher's session cookie", () => {
    document.cookie = 'JSESSIONID=visitor-session; Path=/';
    writeCookieDestinations(document, [{ name: 'JSESSIONID', value: 'x', days: 30, domain: '.' }], () => localStorage, 'acme');
    clearCookieDestinations(document, () => localStorage, 'acme');
    // Today: the record holds JSESSIONID|, and the clean-up logs the visitor out.
    expect(jar().some((pair) => pair.startsWith('JSESSIONID='))).toBe(true);
  });

  // The control: a destination the DCS wrote before is rewritten on the next answer.
  it('a destination this DCS wrote on an earlier answer is updated by the next', () => {
    writeCookieDestinations(document, [{ name: 'aud_seg', value: 'seg=5001', days: 30, domain: '.' }], () => localStorage, 'acme');
    writeCookieDestinations(document, [{ name: 'aud_seg', value: 'seg=5002', days: 30, domain: '.' }], () => localStorage, 'acme');
    expect(jar()).toEqual(['aud_seg=seg=5002']);
  });
});
