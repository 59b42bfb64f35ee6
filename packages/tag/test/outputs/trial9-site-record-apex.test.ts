// @vitest-environment happy-dom
// trial9: the site-wide record of Domain cookie destinations (`ar_cd_<partner>`, cookie.ts
// siteRecord / clearCookieDestinations) is read at a withdrawal or opt-out only for a domain
// strictly above the page's host (`host.endsWith('.' + domain)`). A site served at its bare
// domain (https://pub.example, with shop.pub.example beside it: common, and what a DCS's `dmn`
// names) is never above itself: there
// - a destination shop. wrote with Domain=pub.example (recorded site-wide for exactly this) is
//   left in the jar after an opt-out on pub.example: it carries segments, which server-side ad
//   requests go on using, though consent.md says the opt-out removes "the cookie destinations";
// - the record cookie itself stays after the clean-up on the host that wrote it (seen in
//   Chromium from the npm module against mock-dcs: `ar_cd_acme=dom_dest:my-site.localhost` left
//   after optOut(), the destination gone).
// review8's guard (a sibling's planted entry must not remove www.'s own Domain=www.pub.example
// cookies) does not apply to a bare domain: every host of the site may write and remove its
// Domain=pub.example cookies anyway.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearCookieDestinations } from '../../src/clear-cookie-destinations';
import { removeCookie } from '../../src/cookie';
import { writeCookieDestinations } from '../../src/outputs/cookies';

const names = (): string[] => (document.cookie ? document.cookie.split('; ').map((pair) => pair.split('=')[0]!).sort() : []);

beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://pub.example/');
});
afterEach(() => {
  for (const name of names()) {
    removeCookie(document, name);
    removeCookie(document, name, 'pub.example');
  }
  localStorage.clear();
});

describe('trial9: the site record on a site served at its bare domain', () => {
  // Fixed (session j) in cookie.ts clearCookieDestinations: the site's top host (no domain above it takes a cookie, asked once) removes its own Domain= entries, and the record goes wherever it is.
  it('an opt-out on pub.example removes the Domain=pub.example destination that shop. wrote and recorded', async () => {
    // What shop.pub.example's tag left: the destination and its site-wide record (pub.example's
    // own localStorage knows nothing of it).
    document.cookie = 'aud_seg=5001; Domain=pub.example; Path=/';
    document.cookie = 'ar_cd_acme=aud_seg:pub.example; Domain=pub.example; Path=/';
    expect(names()).toEqual(['ar_cd_acme', 'aud_seg']);
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(names()).toEqual([]);
  });

  // Fixed (session j) in cookie.ts clearCookieDestinations: the site's top host (no domain above it takes a cookie, asked once) removes its own Domain= entries, and the record goes wherever it is.
  it('the clean-up on pub.example after its own Domain=pub.example destination leaves no record behind', async () => {
    writeCookieDestinations(document, [{ name: 'aud_seg', value: '5001', days: 30, domain: 'pub.example' }], () => localStorage, 'acme');
    expect(names()).toEqual(['ar_cd_acme', 'aud_seg']);
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(names()).toEqual([]);
  });

  // Holds today (control): on www. the same record at the domain above is read and removed.
  it('on www.pub.example both go', async () => {
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://www.pub.example/');
    document.cookie = 'aud_seg=5001; Domain=pub.example; Path=/';
    document.cookie = 'ar_cd_acme=aud_seg:pub.example; Domain=pub.example; Path=/';
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(names()).toEqual([]);
  });
});
