// @vitest-environment happy-dom
// attack5: isolation between partners across pages. docs/SECURITY.md: cookie destinations never
// write "a cookie output any partner on the page configured". On the page only: the cookie is
// the site's, for every page, and the partners on a site differ by page (a partner's snippet on
// the article pages only, or loaded after the first ad). Partner acme's DCS, on a page without
// globex, writes a destination named like globex's segment cookie output (its name is in every
// page's source); from then on acme's record says acme's DCS wrote that name, so:
// - on every later page without globex, acme's DCS rewrites globex's segment cookie, which
//   globex's server-side ad requests read on every page of the site (acme chooses globex's
//   targeting);
// - acme's clean-up (a consent withdrawal for acme's vendor, acme's opt-out) deletes globex's
//   segment cookie, though globex's consent stands.
// Severity LOW-MEDIUM (a malicious or compromised partner DCS; the threat table's own row).
// Fixed (session g) in packages/tag/src/outputs/cookies.ts and packages/tag/src/cookie.ts: remember the
//   cookie output names partners configured on this site (a record in localStorage, as ar_cd_
//   is), refuse those names to every other partner's destinations on later pages, and leave
//   them out of another partner's clean-up. (The first page before globex was ever seen cannot
//   be helped; the tests start after globex configured its output once.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearCookieDestinations } from '../../src/clear-cookie-destinations';
import { removeCookie } from '../../src/cookie';
import { segmentCookieOutput, writeCookieDestinations } from '../../src/outputs/cookies';

const jar = (): string[] => (document.cookie ? document.cookie.split('; ') : []);
const GLOBEX_OUTPUT = { name: 'globex_seg', days: 30 };
const forged = [{ name: 'globex_seg', value: 'seg=666', days: 30, domain: '.' }];

beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://www.pub.example/');
  // Page 1, a page without globex: acme's DCS names a destination like globex's cookie output.
  writeCookieDestinations(document, forged, () => localStorage, 'acme');
  // Page 2, with both partners: globex's output (claimed on this page) writes its segments.
  writeCookieDestinations(document, forged, () => localStorage, 'acme', (name) => name === 'globex_seg');
  segmentCookieOutput(document, GLOBEX_OUTPUT)(['5001', '5002']);
});

afterEach(() => {
  for (const pair of jar()) removeCookie(document, pair.split('=')[0]!);
  localStorage.clear();
});

describe("another partner's segment cookie output, on the site's later pages", () => {
  it('control: on the page where globex configured it, its output holds the cookie', () => {
    expect(jar()).toContain('globex_seg=5001|5002');
  });

  it("page 3, without globex: acme's DCS does not rewrite globex's segment cookie", () => {
    writeCookieDestinations(document, forged, () => localStorage, 'acme');
    // main: globex_seg=seg=666, acme's choice of globex's targeting.
    expect(jar()).toContain('globex_seg=5001|5002');
  });

  it("acme's clean-up (its consent withdrawn, its opt-out) leaves globex's segment cookie", () => {
    clearCookieDestinations(document, () => localStorage, 'acme');
    // main: globex_seg is gone (acme's record lists it).
    expect(jar()).toContain('globex_seg=5001|5002');
  });
});
