// @vitest-environment happy-dom
// review8: the site-wide record `ar_cd_<partner>` (outputs/cookies.ts) is written again, with
// every entry it holds (this host's and the other hosts'), for `longest` days: the longest of
// the destinations written in THIS answer only. A later answer with a short-lived destination
// (1 day, where an earlier one was 400 days) shortens the record's life below the cookies it
// names; once it is gone, a withdrawal or an opt-out on a host whose storage never knew them
// (the case the record exists for) leaves those Domain cookies on the site, for months.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearCookieDestinations } from '../../src/clear-cookie-destinations';
import { removeCookie } from '../../src/cookie';
import { writeCookieDestinations } from '../../src/outputs/cookies';

const names = (): string[] => (document.cookie ? document.cookie.split('; ').map((pair) => pair.split('=')[0]!).sort() : []);

beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://www.pub.example/');
});
afterEach(() => {
  vi.useRealTimers();
  for (const name of names()) {
    removeCookie(document, name);
    removeCookie(document, name, '.pub.example');
  }
  localStorage.clear();
});

describe('review8: the site record outlives the cookies it names', () => {
  // Fixed (session i) in packages/tag/src/outputs/cookies.ts: the record's lifetime must cover every entry it holds (the longest destination ever recorded, e.g. the 400-day maximum), not this answer's longest; expected: 2 days later, a clean-up on another host still removes aud_long
  it('a 1-day destination after a 400-day one: two days later another host cannot find the 400-day cookie', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T00:00:00Z'));
    writeCookieDestinations(document, [{ name: 'aud_long', value: '1', days: 400, domain: '.pub.example' }], () => localStorage, 'acme');
    writeCookieDestinations(document, [{ name: 'aud_short', value: '2', days: 1, domain: '.pub.example' }], () => localStorage, 'acme');
    expect(names()).toEqual(['ar_cd_acme', 'aud_long', 'aud_short']);
    vi.setSystemTime(new Date('2026-12-03T00:00:00Z'));
    expect(names()).toContain('aud_long');
    // Consent withdrawn on shop.pub.example: its storage knows nothing of them.
    localStorage.clear();
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(names()).not.toContain('aud_long');
  });
});

describe('review8: one cookie domain written two ways', () => {
  // Fixed (session i) in packages/tag/src/outputs/cookies.ts: group the record's entries by the cookie domain as the browser takes it (no leading dot, lower case), so one record holds them all; expected: a clean-up on another host removes both destinations
  it("destinations on '.pub.example' and 'pub.example' (the same Domain to a browser): the record keeps both", async () => {
    writeCookieDestinations(
      document,
      [
        { name: 'aud_a', value: '1', days: 30, domain: '.pub.example' },
        { name: 'aud_b', value: '2', days: 30, domain: 'pub.example' },
      ],
      () => localStorage,
      'acme',
    );
    expect(names()).toEqual(['ar_cd_acme', 'aud_a', 'aud_b']);
    // Consent withdrawn on shop.pub.example: its storage knows nothing of them.
    localStorage.clear();
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(names()).toEqual([]);
  });
});
