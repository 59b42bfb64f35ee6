// @vitest-environment happy-dom
// attack14: a DCS's cookie destinations on a page whose localStorage is full (the site's own
// data filled its 5 MB quota: getItem works, every setItem throws QuotaExceededError).
// writeCookieDestinations (reached from the tag itself now, lazy.ts, for a config without
// outputs) writes each cookie INSIDE its loop and records them only AFTER it
// (`store.setItem(key, …)`): that record write throws, the catch swallows it, and the cookies
// stay, unrecorded. So the limits of docs/SECURITY.md ("nothing written when storage is
// blocked: it could be neither counted nor removed"; "at most 10 names per partner") do not
// hold: every answer adds 10 new names, and a consent withdrawal or opt-out removes none.
// Fixed: the records are written first, and a refused one writes no cookie (outputs/cookies.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { lazyOutputs } from '../../src/outputs/lazy';
import { validateConfig } from '../../src/config';
import { clearCookieDestinations } from '../../src/clear-cookie-destinations';

const realSetItem = Storage.prototype.setItem;
afterEach(() => {
  Storage.prototype.setItem = realSetItem;
  localStorage.clear();
  for (const pair of document.cookie.split('; ')) if (pair) document.cookie = `${pair.split('=')[0]}=; Max-Age=-1; Path=/`;
});

const answer = (prefix: string) => Array.from({ length: 10 }, (_, i) => ({ name: `${prefix}${i}`, value: 'seg=5001', days: 30, domain: '.' }));
const dcsCookies = (): string[] => document.cookie.split('; ').filter((p) => /^(a|b)\d=/.test(p));

describe('cookie destinations, localStorage full (QuotaExceededError on setItem)', () => {
  it('writes nothing it cannot record, and a withdrawal leaves none of them', () => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    // A config without outputs: the tag writes the destinations itself (lazy.ts).
    const outputs = lazyOutputs(window, validateConfig({ partner: 'acme', dcs: 'https://dcs.example' }), { src: 'https://cdn.example/o.js', nonce: '' });
    outputs.cookies(answer('a'));
    outputs.cookies(answer('b'));
    const written = dcsCookies();
    // The consent withdrawal's clean-up (create.ts clearCookies).
    clearCookieDestinations(document, () => localStorage, 'acme');
    const left = dcsCookies();
    expect(written.length, 'at most 10 names per partner across answers (none, as nothing can be recorded)').toBeLessThanOrEqual(0);
    expect(left, 'a withdrawal removes what the DCS wrote').toEqual([]);
  });
});
