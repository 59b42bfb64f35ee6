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
  // Fixed (session j) in outputs/config.ts: refused at config, named, with why and what to do.
  it('outputs.cookieDestinations listing "author_seg" is refused at config, naming it', () => {
    expect(() => validateConfig({ partner: 'acme', dcs: 'https://dcs.example', outputs: { cookieDestinations: ['aam_seg', 'author_seg'] } })).toThrow(/author_seg/);
  });

  // What the user sees now: the npm module's and the outputs bundle's config refusal.
  it('browserOutputs refuses it too, so nothing is skipped without a word', () => {
    expect(() => browserOutputs(window, 'acme', { cookieDestinations: ['aam_seg', 'author_seg'] })).toThrow(/author_seg never written/);
    expect(written()).toEqual([]);
  });
});
