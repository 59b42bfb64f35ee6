// @vitest-environment happy-dom
// review8: the site-wide record `ar_cd_<partner>` (cookie.ts siteRecord, clearCookieDestinations)
// is a cookie any host of the site can write (Domain=.pub.example: cookie tossing). Its entries
// `name:domain` are removed on a withdrawal or an opt-out on www. with two checks only: a
// writable name, not a cookie output. The code's claim is "a name another host planted there
// can only be one that host could remove itself"; but the entry's domain is not checked:
// `csrftoken:www.pub.example` makes www.'s tag remove www.'s own Domain=www.pub.example cookie,
// which no sibling host can touch, and a name the tag would never write as a destination (the
// CREDENTIAL list: csrftoken, XSRF-TOKEN, remember-me…; nor one outside the page's
// `outputs.cookieDestinations`). A visitor who withdraws consent on www. loses their CSRF token
// (forms fail) or remember-me cookie, at a sibling's choosing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearCookieDestinations } from '../../src/clear-cookie-destinations';
import { removeCookie } from '../../src/cookie';

const names = (): string[] => (document.cookie ? document.cookie.split('; ').map((pair) => pair.split('=')[0]!).sort() : []);

beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://www.pub.example/');
});
afterEach(() => {
  for (const name of names()) {
    removeCookie(document, name);
    removeCookie(document, name, '.pub.example');
    removeCookie(document, name, 'www.pub.example');
  }
  localStorage.clear();
});

describe('review8: a record planted by another host of the site', () => {
  // Fixed (session i) in packages/tag/src/cookie.ts clearCookieDestinations: remove through the site record only names the tag could have written there (not CREDENTIAL names, only accepted ones when outputs.cookieDestinations lists them) and only for the domain the record sits on (a parent of this host, never this host's own Domain=); expected: www.'s own csrftoken stays
  it("does not remove www.'s own Domain=www.pub.example csrftoken, a name no DCS destination may have", () => {
    document.cookie = 'csrftoken=t0k3n; Domain=www.pub.example; Path=/';
    // Written from evil.pub.example (or any sibling): it reaches www. too.
    document.cookie = 'ar_cd_acme=csrftoken:www.pub.example; Domain=.pub.example; Path=/';
    expect(names()).toContain('csrftoken');
    clearCookieDestinations(document, () => localStorage, 'acme');
    expect(names()).toContain('csrftoken');
  });

  // (A host-only cookie of www. is another cookie than a Domain=www.pub.example one in Chromium
  // and Firefox; happy-dom's jar treats them as one, so no control case for it here.)
});

describe('review8: a huge record planted by another host', () => {
  // Fixed (session i) in packages/tag/src/cookie.ts clearCookieDestinations: read at most what the tag could have recorded (MAX_COOKIES names per partner and domain, entries it could have written), not every entry of any size; expected: a bounded number of cookie writes (each a synchronous round trip in Chromium, ~0.6 ms)
  it('a 4 KB record of 400 entries costs at most a few dozen cookie writes at a withdrawal', async () => {
    let owner = Object.getPrototypeOf(document) as object;
    while (!Object.getOwnPropertyDescriptor(owner, 'cookie')) owner = Object.getPrototypeOf(owner) as object;
    const real = Object.getOwnPropertyDescriptor(owner, 'cookie')!;
    let writes = 0;
    Object.defineProperty(owner, 'cookie', {
      configurable: true,
      get: real.get!,
      set(value: string) {
        writes++;
        real.set!.call(this, value);
      },
    });
    try {
      vi.resetModules();
      const cookie = await import('../../src/clear-cookie-destinations');
      const entries = Array.from({ length: 400 }, (_, i) => `n${i}:.pub.example`).join('|');
      document.cookie = `ar_cd_acme=${entries}; Domain=.pub.example; Path=/`;
      writes = 0;
      await cookie.clearCookieDestinations(document, () => localStorage, 'acme');
      expect(writes).toBeLessThanOrEqual(60);
    } finally {
      Object.defineProperty(owner, 'cookie', real);
    }
  });
});
