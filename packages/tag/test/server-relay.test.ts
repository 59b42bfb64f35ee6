// Server-side rendering: a Next.js or Nuxt app evaluates its modules on the server first,
// where there is no window or document. createAudienceRelay threw a bare "ReferenceError:
// window is not defined" there, breaking the page's render. Now it returns a relay that
// connects nothing and settles every call. (This file runs in vitest's node environment.)
import { describe, expect, it } from 'vitest';
import { createAudienceRelay } from '../src/index';

describe('createAudienceRelay without a browser page', () => {
  it('has no window or document here', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('returns a relay whose ready settles blocked at once, saying why, and whose calls settle', async () => {
    const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example', timeoutMs: 5000 });
    relay.signals({ c_section: 'sports' });
    relay.pageView();
    const started = Date.now();
    const result = await relay.ready();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ status: 'blocked', segments: [], error: { code: 'CONNECTION_TIMEOUT' } });
    expect(result.error?.message).toMatch(/no browser page here .*server-side rendering/);
    expect(relay.getSegments()).toEqual([]);
    expect(relay.snapshot()).toMatchObject({ frame: 'failed', optedOut: false });
    await expect(relay.optOut()).resolves.toBeUndefined();
    relay.destroy();
  });

  // New-user trial (trial3): on the server, diagnose() and debug() reject with "[audience-relay]
  // no debug tools in this build", which tells an npm user their build lacks diagnose (it has
  // it: index.ts bundles the debug tools; only createServerRelay passes none). The docs say
  // they reject "only when the debug bundle cannot load". diagnose should say why instead.
  // lead: fix in packages/tag/src/server-relay.ts (give it a diagnose that names the server-side case)
  it.fails('diagnose() says why there are no segments (no browser page), rather than that the build has no debug tools', async () => {
    const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example' });
    const diagnosis = await relay.diagnose();
    expect(diagnosis.ok).toBe(false);
    expect(diagnosis.summary).toMatch(/no browser page|server-side rendering/);
    relay.destroy();
  });

  // New-user trial (trial3): `relay.ready({ timeoutMs: 0 })` throws a RelayError synchronously
  // (the npm build, in the browser too: both go through relay.ts), so
  // `relay.ready({ timeoutMs }).then(…).catch(…)` does not catch it and it reaches the app.
  // ready returns a Promise, and the docs say it "never rejects (except for invalid timeoutMs)":
  // a rejection, not a throw. lead: fix in packages/tag/src/relay.ts (ready: return Promise.reject)
  it.fails('ready with an invalid timeoutMs returns a rejected promise (BAD_REQUEST) instead of throwing', async () => {
    const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example' });
    let returned: Promise<unknown> | undefined;
    expect(() => {
      returned = relay.ready({ timeoutMs: 0 });
    }).not.toThrow();
    await expect(returned).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/timeoutMs/) });
    relay.destroy();
  });

  it('checks the config and the calls as in the browser', () => {
    expect(() => createAudienceRelay({ partner: 'acme', dcs: 'ftp://dcs.example' })).toThrow(/invalid config: dcs/);
    const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example' });
    expect(() => relay.signals({ bad: 1 } as never)).toThrow(/invalid signals/);
    relay.destroy();
  });
});
