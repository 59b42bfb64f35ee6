// @vitest-environment happy-dom
// A DCS answer (misconfigured or compromised) planting the publisher's session cookie before the
// site has set one. attack3's fix keeps a DCS from overwriting a cookie that is already in
// `document.cookie`; a cookie that is not there yet (a first visit, a logged-out visitor) is
// written under any name that is not `__`- or `ar_`-prefixed. PHP (session.use_strict_mode=0,
// its default), and any server that adopts the session ID a browser brings, then logs the
// visitor in under the ID the DCS chose: session fixation on the publisher's site. A session
// cookie the site did set HttpOnly is no better protected: `document.cookie` never shows it, so
// the check cannot see it (the browser refuses a script's write of the very same cookie, but a
// destination with `dmn` is a Domain cookie, another cookie of the same name; not shown here:
// happy-dom has no HttpOnly cookies).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe('cookie destinations and a session cookie the site has not set (yet, or visibly)', () => {
  it('the DCS still writes the destinations it is meant to (aud_seg)', () => {
    writeCookieDestinations(document, [{ name: 'aud_seg', value: 'seg=5001', days: 30, domain: '.' }], () => localStorage, 'acme');
    expect(jar()).toEqual(['aud_seg=seg=5001']);
  });

  // Fixed in packages/tag/src/outputs/cookies.ts: session, login and token names (CREDENTIAL)
  // are never written by a DCS, whether or not the jar shows one.
  it("a DCS answer never plants the site's session cookie on a visitor who has none yet (PHPSESSID fixed)", () => {
    writeCookieDestinations(
      document,
      [
        { name: 'PHPSESSID', value: 'attacker-known-session', days: 30, domain: '.' },
        { name: 'sessionid', value: 'attacker-known-session', days: 30, domain: '.pub.example' },
        { name: 'JSESSIONID', value: 'attacker-known-session', days: 30, domain: '.' },
      ],
      () => localStorage,
      'acme',
    );
    // Before the fix: all three were in the jar, with the value the DCS chose.
    expect(jar().filter((pair) => pair.endsWith('=attacker-known-session'))).toEqual([]);
  });
});

describe('the names refused as credentials', () => {
  it('are the session, login and token names of common servers, and not the usual destination names', () => {
    const credentials = ['PHPSESSID', 'JSESSIONID', 'ASP.NET_SessionId', 'connect.sid', 'sessionid', 'laravel_session', 'ci_session', 'csrftoken', 'XSRF-TOKEN', 'auth_token', 'wordpress_logged_in_abc', 'jwt'];
    const destinations = ['aud_seg', 'aam_segs', 'aamsegs', 'seg_ids', 'demdex_segments', 'aud_uid', 'considered'];
    // An answer holds at most 10 (MAX_COOKIES): one answer per name.
    for (const name of [...credentials, ...destinations]) writeCookieDestinations(document, [{ name, value: 'x', days: 1, domain: '.' }], () => localStorage, 'acme');
    expect(jar().map((pair) => pair.split('=')[0]).sort()).toEqual([...destinations].sort());
  });
});
