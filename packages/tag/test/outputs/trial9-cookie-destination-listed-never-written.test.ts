// @vitest-environment happy-dom
// trial9 (a publisher migrating from DIL): `outputs.cookieDestinations: ['author_seg']` lists the
// DCS's destination names, as config-reference.md asks of a site with HttpOnly cookies. The
// config is accepted, and `author_seg` is never written: the session-name guard (CREDENTIAL in
// outputs/cookies.ts) matches substrings, so `author_…` holds "auth", `compass_…` and
// `passion_…` "pass", `assessment_…` "sess". Nothing says so: no config error, no console line,
// no diagnose() reason (seen in Chromium with the npm module and mock-dcs: `aam_seg` written,
// `author_seg` and `compass_aud` silently missing, diagnose "1 fresh segment"). The server-side
// ad requests that read the cookie lose their targeting and nobody is told.
import { afterEach, describe, expect, it } from 'vitest';
import { removeCookie } from '../../src/cookie';
import { validateConfig } from '../../src/index';
import { browserOutputs } from '../../src/outputs/index';

afterEach(() => {
  for (const pair of document.cookie.split('; ')) if (pair) removeCookie(document, pair.split('=')[0]!);
  localStorage.clear();
});

const written = (): string[] => (document.cookie ? document.cookie.split('; ').map((pair) => pair.split('=')[0]!).sort() : []);

describe('trial9: a destination name the page lists, that the tag never writes', () => {
  // lead: fix in packages/tag/src/outputs/config.ts (validateOutputs, called by validateConfig) with outputs/cookies.ts's CREDENTIAL: expected: a name listed in outputs.cookieDestinations that the tag would never write is refused at config, naming it and why, instead of being accepted and silently skipped
  it.fails('outputs.cookieDestinations listing "author_seg" is refused at config, naming it', () => {
    expect(() => validateConfig({ partner: 'acme', dcs: 'https://dcs.example', outputs: { cookieDestinations: ['aam_seg', 'author_seg'] } })).toThrow(/author_seg/);
  });

  // Holds today (what the user sees): accepted, then only aam_seg is written.
  it('today: accepted, and only the other name is written', () => {
    browserOutputs(window, 'acme', { cookieDestinations: ['aam_seg', 'author_seg'] }).cookies([
      { name: 'aam_seg', value: 'sports', days: 30, domain: '' },
      { name: 'author_seg', value: 'sports', days: 30, domain: '' },
    ]);
    expect(written()).toEqual(['aam_seg']);
  });
});
