// @vitest-environment happy-dom
// attack7: the CREDENTIAL pattern (packages/tag/src/outputs/cookies.ts) keeps a DCS from
// planting the site's session or login cookie (session fixation; cookie-destination-fixation.test.ts).
// It matches names by words (sess, auth, token, login…); the session and login cookies of
// several common servers hold none of them. Two are plain PHP session IDs under the framework's
// own name, so a DCS that plants one on a visitor without a session fixes it exactly as
// PHPSESSID would (PHP adopts a session ID the browser brings unless session.use_strict_mode=1):
// CakePHP's "CAKEPHP" and Magento 1's "frontend" (and "adminhtml" for its admin). The others
// are remember-me or identity cookies: XenForo "xf_user", MyBB "mybbuser", vBulletin
// "bb_password", Keycloak "KEYCLOAK_IDENTITY", Yii2 "_identity", ASP.NET Core's cookie
// authentication ".AspNetCore.Cookies" and Identity ".AspNetCore.Identity.Application".
import { afterEach, beforeEach, expect, it } from 'vitest';
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

const LOGIN_NAMES = ['CAKEPHP', 'frontend', 'adminhtml', 'xf_user', 'mybbuser', 'bb_password', 'KEYCLOAK_IDENTITY', '_identity', '.AspNetCore.Cookies', '.AspNetCore.Identity.Application'];

// Fixed in packages/tag/src/outputs/cookies.ts (CREDENTIAL: pass, identity, remember, user$,
// and these frameworks' names); a site whose session cookie has another name lists its DCS's
// destination names (`outputs.cookieDestinations`). None of these is ever written by a DCS.
it('a DCS answer never plants a common server session or login cookie under its own name (CAKEPHP, Magento\'s frontend…)', () => {
  for (const name of LOGIN_NAMES) writeCookieDestinations(document, [{ name, value: 'attacker-known', days: 30, domain: '.' }], () => localStorage, 'acme');
  expect(jar().filter((pair) => pair.endsWith('=attacker-known')).map((pair) => pair.split('=')[0])).toEqual([]);
});

// Holds today: the destination names a DCS uses are still written beside them.
it('the usual destination names are written', () => {
  writeCookieDestinations(document, [{ name: 'aud_seg', value: 'seg=5001', days: 30, domain: '.' }], () => localStorage, 'acme');
  expect(jar()).toEqual(['aud_seg=seg=5001']);
});
