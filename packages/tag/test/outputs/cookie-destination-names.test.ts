// @vitest-environment happy-dom
// `outputs.cookieDestinations`: the cookie destination names a page accepts from its DCS. The
// tag cannot see the site's HttpOnly cookies (`document.cookie` never shows them), so a DCS
// could write a destination beside one of them under its name; a site with any lists its
// DCS's destination names (SECURITY.md). Through `browserOutputs`, as the outputs bundle runs.
import { afterEach, describe, expect, it } from 'vitest';
import { removeCookie } from '../../src/cookie';
import { validateOutputs } from '../../src/outputs/config';
import { browserOutputs } from '../../src/outputs/index';

let partner = 0;
afterEach(() => {
  for (const pair of document.cookie.split('; ')) if (pair) removeCookie(document, pair.split('=')[0]!);
  localStorage.clear();
});

const answer = [
  { name: 'aud_seg', value: 'sports', days: 30, domain: '.' },
  // Like the site's HttpOnly session cookie, which the tag cannot see.
  { name: 'cart', value: 'dcs-chosen', days: 30, domain: '.' },
];
const written = (): string[] => (document.cookie ? document.cookie.split('; ').map((pair) => pair.split('=')[0]!).sort() : []);

describe('outputs.cookieDestinations', () => {
  it('by default, each destination that passes the checks is written', () => {
    browserOutputs(window, `p${partner++}`, {}).cookies(answer);
    expect(written()).toEqual(['aud_seg', 'cart']);
  });

  it('a list: only the names listed are written, the rest skipped', () => {
    browserOutputs(window, `p${partner++}`, { cookieDestinations: ['aud_seg'] }).cookies(answer);
    expect(written()).toEqual(['aud_seg']);
  });

  it('false: none is written', () => {
    browserOutputs(window, `p${partner++}`, { cookieDestinations: false }).cookies(answer);
    expect(written()).toEqual([]);
  });

  it('true, and an empty list, as the words say', () => {
    browserOutputs(window, `p${partner++}`, { cookieDestinations: [] }).cookies(answer);
    expect(written()).toEqual([]);
    browserOutputs(window, `p${partner++}`, { cookieDestinations: true }).cookies(answer);
    expect(written()).toEqual(['aud_seg', 'cart']);
  });

  it('a session or token name is never written, listed or not: listed, the config is refused, naming it (trial9)', () => {
    expect(() => browserOutputs(window, `p${partner++}`, { cookieDestinations: ['aud_seg', 'PHPSESSID'] })).toThrow(/outputs\.cookieDestinations: PHPSESSID/);
    expect(written()).toEqual([]);
  });

  it.each([
    ['a string', 'aud_seg'],
    ['a number', 1],
    ['a name with a space', ['aud seg']],
    ['a reserved prefix', ['ar_uuid_acme']],
    ['a __Host- name', ['__Host-x']],
    ['not a string', [1]],
    ['more than 20 names', Array.from({ length: 21 }, (_, i) => `n${i}`)],
  ])('refuses %s, naming the field', (_what, value) => {
    const problems: string[] = [];
    validateOutputs(problems, { cookieDestinations: value });
    expect(problems).toEqual([expect.stringMatching(/^outputs\.cookieDestinations/)]);
    expect(() => browserOutputs(window, `p${partner++}`, { cookieDestinations: value })).toThrow(/outputs\.cookieDestinations/);
  });

  it('the list is copied at config: a page changing its array later changes nothing', () => {
    const names = ['aud_seg'];
    const outputs = browserOutputs(window, `p${partner++}`, { cookieDestinations: names });
    names.push('cart');
    outputs.cookies(answer);
    expect(written()).toEqual(['aud_seg']);
  });
});
