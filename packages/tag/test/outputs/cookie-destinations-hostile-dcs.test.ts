// @vitest-environment happy-dom
// A DCS (misconfigured, compromised, or simply another partner's) is not trusted with the
// publisher's cookie jar: what its cookie destinations (`stuff`) may write on the page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearCookieDestinations } from '../../src/clear-cookie-destinations';
import { removeCookie } from '../../src/cookie';
import { claim, owner, release } from '../../src/registry';
import { writeCookieDestinations } from '../../src/outputs/cookies';

/** The reservation check production uses (outputs/index.ts). */
const reserved = (name: string): boolean => owner(window, 'outputs.cookie.name', name) !== undefined;

const jar = (): string[] => (document.cookie ? document.cookie.split('; ') : []);

beforeEach(() => {
  // A secure publisher page: the tag then adds `Secure`, and a browser takes `__Host-` names
  // from document.cookie (Secure, Path=/, no Domain) exactly as the tag writes them.
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://www.pub.example/');
});

afterEach(() => {
  for (const pair of jar()) removeCookie(document, pair.split('=')[0]!);
  localStorage.clear();
});

describe("a DCS's cookie destinations and the publisher's own cookies", () => {
  // `__Host-` / `__Secure-` cookies are the site's hardened cookies (sessions, CSRF tokens):
  // the prefixes exist so that nothing but the site's own secure code sets them. A DCS that
  // may write `__Host-session` on the page can fix the visitor's session. Browsers compare the
  // prefixes case-insensitively (Chromium since 2024), so `__HOST-` counts too.
  it('never writes a __Host- or __Secure- cookie, in any letter case', () => {
    writeCookieDestinations(
      document,
      [
        { name: '__Host-session', value: 'attacker-fixed', days: 1, domain: '.' },
        { name: '__Secure-csrf', value: 'attacker-fixed', days: 1, domain: '.' },
        { name: '__HOST-sid', value: 'attacker-fixed', days: 1, domain: '.' },
        { name: 'aud_seg', value: 'seg=5001', days: 30, domain: '.' },
      ],
      () => localStorage,
      'acme',
      reserved,
    );
    expect(jar()).toEqual(['aud_seg=seg=5001']);
  });

  // One response may hold 10 cookies of 1024 characters each: over 10 KB added to every request
  // to the publisher's site, for up to 400 days. nginx (8 KB per header line) and Apache
  // (8190 bytes) then answer 400 to every page of the site for that visitor. RFC 6265 asks
  // browsers for 4096 bytes per cookie: the DCS's share of the jar must stay below that.
  it("one response cannot add more than 4 KB to the site's Cookie header", () => {
    const big = 'x'.repeat(1024);
    writeCookieDestinations(
      document,
      Array.from({ length: 10 }, (_, i) => ({ name: `dcs_${i}`, value: big, days: 400, domain: '.' })),
      () => localStorage,
      'acme',
      reserved,
    );
    expect(document.cookie.length).toBeLessThanOrEqual(4096);
  });

  // MAX_COOKIES (10) holds per response only: every answer (each page view of an SPA, each
  // signals call) may bring 10 new names, and nothing counts what earlier answers wrote.
  it('answers after answers cannot grow the cookie jar past MAX_COOKIES names for one partner', () => {
    for (let call = 0; call < 6; call++) {
      writeCookieDestinations(
        document,
        Array.from({ length: 10 }, (_, i) => ({ name: `dcs_${call}_${i}`, value: 'v', days: 400, domain: '.' })),
        () => localStorage,
        'acme',
        reserved,
      );
    }
    expect(jar().length).toBeLessThanOrEqual(10);
  });
});

describe('consent withdrawn or opted out: every cookie destination goes', () => {
  // The record of what was written keeps the last 50 names (cookies.ts: MAX_COOKIES * 5), but
  // nothing caps what is written: after 6 answers of 10 new names, the first 10 have fallen out
  // of the record, and a withdrawal or an opt-out leaves them, segments and all, for up to
  // 400 days of server-side ad calls.
  it('after many answers, a withdrawal removes every cookie destination written', async () => {
    for (let call = 0; call < 6; call++) {
      writeCookieDestinations(
        document,
        Array.from({ length: 10 }, (_, i) => ({ name: `dcs_${call}_${i}`, value: 'seg=5001', days: 400, domain: '.' })),
        () => localStorage,
        'acme',
        reserved,
      );
    }
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(jar()).toEqual([]);
  });
});

describe("one partner's DCS and another partner's cookie destinations", () => {
  // Issue 19 reserved the `ar_` names and each partner's configured cookie output; the cookie
  // destinations a partner's own DCS wrote (remembered in ar_cd_<partner>) are not: globex's
  // DCS overwrites acme's segment cookie, and globex's opt-out or consent withdrawal then
  // removes it too (its ar_cd_ record now lists it).
  it("partner globex's DCS cannot overwrite a cookie destination partner acme's DCS wrote", () => {
    writeCookieDestinations(document, [{ name: 'acme_segs', value: 'seg=5001', days: 30, domain: '.' }], () => localStorage, 'acme', reserved);
    writeCookieDestinations(document, [{ name: 'acme_segs', value: 'seg=9999', days: 30, domain: '.' }], () => localStorage, 'globex', reserved);
    expect(jar()).toEqual(['acme_segs=seg=5001']);
    expect(localStorage.getItem('ar_cd_globex') ?? '').not.toContain('acme_segs');
  });
});

describe('the record of cookie destinations written (ar_cd_<partner>)', () => {
  afterEach(() => release(window, 'beta'));

  // The record is `name|domain,…`, and cookie names may hold `|` (isCookieDestination allows
  // it: RFC 6265 token characters). acme's DCS writes `beta_seg|` (not a reserved name, so it is
  // written), the record says `beta_seg||`, and acme's consent withdrawal or opt-out then removes
  // `beta_seg`: partner beta's configured cookie output, which no DCS may write. Any cookie of the
  // publisher (a session cookie, a `__Host-` one) can be deleted the same way.
  it("one partner's clean-up never removes a cookie its DCS could not have written", async () => {
    expect(claim(window, 'beta', [['outputs.cookie.name', 'beta_seg']])).toEqual([]);
    document.cookie = 'beta_seg=5001|5002; Path=/';
    document.cookie = 'publisher_session=abc; Path=/';
    writeCookieDestinations(
      document,
      [
        { name: 'beta_seg|', value: 'x', days: 1, domain: '.' },
        { name: 'publisher_session|', value: 'x', days: 1, domain: '.' },
      ],
      () => localStorage,
      'acme',
      reserved,
    );
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(jar()).toEqual(expect.arrayContaining(['beta_seg=5001|5002', 'publisher_session=abc']));
  });
});

describe('the cookie budget is the site\'s, the record is the origin\'s', () => {
  /** One origin's localStorage (each subdomain of a site has its own). */
  function originStorage(): Storage {
    const data = new Map<string, string>();
    return {
      get length() {
        return data.size;
      },
      key: (i: number) => [...data.keys()][i] ?? null,
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, String(v)),
      removeItem: (k: string) => void data.delete(k),
      clear: () => data.clear(),
    } as Storage;
  }
  const setURL = (url: string): void => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);

  afterEach(() => {
    for (const host of ['www', 'news', 'sports']) {
      setURL(`https://${host}.pub.example/`);
      for (const pair of jar()) removeCookie(document, pair.split('=')[0]!, '.pub.example');
    }
    setURL('https://www.pub.example/');
  });

  // MAX_COOKIE_BYTES (4096) is counted from the ar_cd_ records in localStorage, which is per
  // ORIGIN; a cookie with `Domain=.pub.example` goes to every subdomain of the site. The DCS
  // knows which subdomain calls (Referer, d_url): it writes other names on each, and every
  // request to the site carries them all: three subdomains, over 11 KB, past the 8 KB servers take.
  // (The records cannot see across origins; the page's jar can: no write takes the site's
  // Cookie header past 6 KB, below the 8 KB servers take. On 3870917: 11,378 B.)
  it('cookie destinations for the parent domain, written from three subdomains, never take the site\'s Cookie header past 6 KB', () => {
    for (const host of ['www', 'news', 'sports']) {
      setURL(`https://${host}.pub.example/`);
      writeCookieDestinations(
        document,
        Array.from({ length: 10 }, (_, i) => ({ name: `${host}_${i}`, value: 'x'.repeat(370), days: 400, domain: '.pub.example' })),
        originStorage,
        'acme',
        reserved,
      );
    }
    expect(document.cookie.length).toBeGreaterThan(4096);
    expect(document.cookie.length).toBeLessThanOrEqual(6144);
  });
});

describe('records left by an earlier version of the tag', () => {
  // The record outlives a deploy (localStorage). Before this version, a DCS could record names
  // holding the separator (`publisher_session|` recorded as `publisher_session||`) or a
  // `__Host-` name. recordOf() skips such entries when writing, but clearCookieDestinations()
  // reads the raw record: the next withdrawal or opt-out removes `publisher_session` and
  // `__Host-sid`, cookies no DCS may write.
  it('a withdrawal removes only names a DCS may write, whatever an older record says', async () => {
    document.cookie = 'publisher_session=abc; Path=/';
    document.cookie = '__Host-sid=abc; Path=/; Secure';
    localStorage.setItem('ar_cd_acme', 'publisher_session||,__Host-sid|');
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(jar()).toEqual(expect.arrayContaining(['publisher_session=abc', '__Host-sid=abc']));
  });
});
