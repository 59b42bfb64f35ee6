import { describe, expect, it } from 'vitest';
import { RelayError, validateConfig } from '../src/index';
import { validateOutputs } from '../src/outputs/config';

describe('config validation', () => {
  it('returns the normalized config with defaults applied', () => {
    expect(validateConfig({ partner: 'acme', dcs: 'https://acme.dcs.example/' })).toEqual({
      partner: 'acme',
      dcsOrigin: 'https://acme.dcs.example',
      frameUrl: 'https://acme.dcs.example/frame.html',
      ecid: null,
      timeoutMs: 1000,
      connectTimeoutMs: 5000,
      coppa: false,
      cacheMaxAgeMs: 86400000,
      autoPageView: false,
      // The npm entry's validateConfig checks and normalizes outputs, as createAudienceRelay does.
      outputs: { gpt: null, prebid: null, cookie: null, dataLayer: null, domEvent: false, cookieDestinations: null },
      consent: { vendorId: 565, timeoutMs: 1000, gpc: true, requireTcf: false },
    });
  });

  it('reports every problem in one error', () => {
    let error: unknown;
    try {
      validateConfig({ partner: 'ACME!', dcs: 'https://acme.dcs.example/path', timeoutMs: -5, extra: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RelayError);
    expect((error as RelayError).code).toBe('BAD_REQUEST');
    const problems = (error as Error).message.replace(/^\[audience-relay\] invalid config: /, '').split('; ');
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe('unknown option "extra"');
    expect(problems[1]).toMatch(/^partner:/);
    expect(problems[2]).toMatch(/^dcs:/);
    expect(problems[3]).toMatch(/^timeoutMs:/);
  });

  it('takes the frame from another host, and defaults it to <dcs>/frame.html', () => {
    const frame = 'https://cdn.example/audience-relay/acme/1.0.0/frame.html?v=2';
    expect(validateConfig({ partner: 'acme', dcs: 'https://acme.demdex.net', frame })).toMatchObject({ dcsOrigin: 'https://acme.demdex.net', frameUrl: frame });
    expect(validateConfig({ partner: 'acme', dcs: 'https://acme.demdex.net' }).frameUrl).toBe('https://acme.demdex.net/frame.html');
  });

  it('refuses a frame that is not an http(s) URL, or has credentials or a fragment', () => {
    for (const frame of ['javascript:alert(1)', '//cdn.example/frame.html', 'cdn.example/frame.html', 'https://user:pw@cdn.example/frame.html', 'https://cdn.example/frame.html#x', 'https://cdn.example/frame.html#', 42, null]) {
      expect(() => validateConfig({ partner: 'acme', dcs: 'https://dcs.example', frame })).toThrow('frame: expected the http(s) URL of frame.html, like https://cdn.example/acme/frame.html (no user, no #fragment)');
    }
  });

  it('takes an Experience Cloud ID and its org, and names each problem of a bad one', () => {
    const ecid = { orgId: '53A16ACB5CC1D3760A495C99@AdobeOrg', mid: '1'.repeat(38) };
    expect(validateConfig({ partner: 'acme', dcs: 'https://acme.demdex.net', ecid }).ecid).toEqual(ecid);
    for (const bad of [{ orgId: 'acme', mid: '1'.repeat(38) }, { orgId: ecid.orgId, mid: '12' }, { ...ecid, extra: 1 }, 'x', null]) {
      expect(() => validateConfig({ partner: 'acme', dcs: 'https://acme.demdex.net', ecid: bad })).toThrow('ecid: expected { orgId: "<id>@AdobeOrg", mid: "<38 digits>" }');
    }
  });

  it('refuses a DCS that is not an http(s) origin', () => {
    for (const dcs of ['javascript:alert(1)', 'dcs.example', 'ftp://dcs.example', 42]) {
      expect(() => validateConfig({ partner: 'acme', dcs })).toThrow(/dcs: expected an http\(s\) origin/);
    }
  });

  // New-user trial (trial3): `dcs: 'https://*.dcs.example'` (CSP-style) was taken as an origin;
  // the tag then mounts https://*.dcs.example/frame.html, which no browser can load, and every
  // page settles `blocked` after connectTimeoutMs instead of a config error naming `dcs`.
  // Fixed: protocol/origin.ts isLoadableHost, used by parseOrigin and the frame URL check.
  it('refuses a wildcard host in dcs and frame: no page has that origin', () => {
    expect(() => validateConfig({ partner: 'acme', dcs: 'https://*.dcs.example' })).toThrow(/dcs: expected an http\(s\) origin/);
    expect(() => validateConfig({ partner: 'acme', dcs: 'https://dcs.example', frame: 'https://*.cdn.example/frame.html' })).toThrow(/frame: expected/);
  });

  it('cacheMaxAgeMs takes 0 (no cache), and its error says so (it said "from 1")', () => {
    expect(validateConfig({ partner: 'acme', dcs: 'https://dcs.example', cacheMaxAgeMs: 0 }).cacheMaxAgeMs).toBe(0);
    expect(() => validateConfig({ partner: 'acme', dcs: 'https://dcs.example', cacheMaxAgeMs: -1 })).toThrow('cacheMaxAgeMs: expected whole milliseconds from 0 to 2592000000');
  });

  it('refuses something that is not an object', () => {
    expect(() => validateConfig('acme')).toThrow(/expected an object/);
  });

  it('takes the consent options, and names each bad one', () => {
    const base = { partner: 'acme', dcs: 'https://acme.dcs.example' };
    expect(validateConfig({ ...base, consent: { vendorId: 42, timeoutMs: 300, gpc: false, requireTcf: true } }).consent).toEqual({ vendorId: 42, timeoutMs: 300, gpc: false, requireTcf: true });
    expect(validateConfig({ ...base, consent: { vendorId: undefined } }).consent.vendorId).toBe(565);
    expect(() => validateConfig({ ...base, consent: { vendorId: 0, timeoutMs: 0, gpc: 'yes', requireTcf: 1, tcf: true } })).toThrow(
      'unknown option "consent.tcf"; consent.vendorId: expected an IAB vendor ID from 1 to 65535; consent.timeoutMs: expected whole milliseconds from 1 to 30000; consent.gpc: expected true or false; consent.requireTcf: expected true or false',
    );
    expect(() => validateConfig({ ...base, consent: true })).toThrow('consent: expected an object');
  });
});

describe('config on a polluted page', () => {
  it('never reads an option default through Object.prototype (GPC stays on, no output appears)', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.gpc = false;
    proto.requireTcf = true;
    proto.coppa = true;
    proto.gpt = { key: 'evil' };
    try {
      const config = validateConfig({ partner: 'acme', dcs: 'https://acme.dcs.example', consent: {} });
      expect(config.consent).toEqual({ vendorId: 565, timeoutMs: 1000, gpc: true, requireTcf: false });
      expect(config.coppa).toBe(false);
      expect(validateOutputs([], {})).toEqual({ gpt: null, prebid: null, cookie: null, dataLayer: null, domEvent: false, cookieDestinations: null });
    } finally {
      delete proto.gpc;
      delete proto.requireTcf;
      delete proto.coppa;
      delete proto.gpt;
    }
  });
});
