// @vitest-environment happy-dom
// attack9: the site-wide record of Domain cookie destinations (`ar_cd_<partner>` on the
// registrable domain, outputs/cookies.ts) is written AFTER the jar check of each destination
// (`readCookies(doc).length + entry > MAX_JAR_BYTES`) and is never counted against it, nor
// bounded itself. A DCS that writes long destination names with a Domain fills the jar to the
// 6144 B budget with destinations, then the record adds `name:domain` for every one of them
// (and for every other host's): the site's Cookie header passes the budget the code promises
// ("never a Cookie header over MAX_JAR_BYTES") and reaches the 8 KB nginx/Apache refuse with
// 400, for 400 days (the record's lifetime), on every host of the site.
import { afterEach, describe, expect, it } from 'vitest';
import { removeCookie } from '../../src/cookie';
import { writeCookieDestinations } from '../../src/outputs/cookies';

const jar = (): string[] => (document.cookie ? document.cookie.split('; ') : []);
const setURL = (url: string): void => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);

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

afterEach(() => {
  for (const host of ['www', 'news', 'sports']) {
    setURL(`https://${host}.pub.example/`);
    for (const pair of jar()) {
      removeCookie(document, pair.split('=')[0]!, '.pub.example');
      removeCookie(document, pair.split('=')[0]!);
    }
  }
  setURL('https://www.pub.example/');
});

describe('attack9: the site record counts against the Cookie header budget', () => {
  // Fixed (session j) in outputs/cookies.ts: each destination's check counts the site record entries the answer will add.
  it('long Domain= destination names from three hosts never take the Cookie header past 6144 B', () => {
    const name = (host: string, i: number): string => `${host}_${i}_`.padEnd(100, 'n');
    for (const host of ['www', 'news', 'sports']) {
      setURL(`https://${host}.pub.example/`);
      writeCookieDestinations(
        document,
        Array.from({ length: 10 }, (_, i) => ({ name: name(host, i), value: 'v', days: 400, domain: '.pub.example' })),
        originStorage,
        'acme',
      );
    }
    const header = jar().join('; ');
    // On ffbc4a0: 6,520 B, of which the record ar_cd_acme is 3,400 B (30 entries); each answer can add ~1.1 KB past the check.
    expect(header.length).toBeLessThanOrEqual(6144);
  });

  // Holds today (control): a single host with short names stays under budget.
  it('short names from one host stay within the budget', () => {
    setURL('https://www.pub.example/');
    writeCookieDestinations(document, Array.from({ length: 10 }, (_, i) => ({ name: `n${i}`, value: 'v', days: 400, domain: '.pub.example' })), originStorage, 'acme');
    expect(jar().join('; ').length).toBeLessThanOrEqual(6144);
  });
});
