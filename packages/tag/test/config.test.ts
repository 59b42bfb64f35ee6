import { describe, expect, it } from 'vitest';
import { AudienceRelayInputError, validateConfig } from '../src/index.ts';

describe('config validation', () => {
  it('returns the normalized config with defaults applied', () => {
    expect(validateConfig({ partner: 'acme', dcs: 'https://acme.dcs.example/' })).toEqual({
      partner: 'acme',
      dcsOrigin: 'https://acme.dcs.example',
      timeoutMs: 1000,
      connectTimeoutMs: 5000,
    });
  });

  it('reports every problem in one error', () => {
    let error: unknown;
    try {
      validateConfig({ partner: 'ACME!', dcs: 'https://acme.dcs.example/path', timeoutMs: -5, extra: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AudienceRelayInputError);
    const problems = (error as AudienceRelayInputError).problems;
    expect(problems).toHaveLength(4);
    expect((error as Error).message).toMatch(/unknown option "extra".*partner.*dcs.*timeoutMs/);
  });

  it('refuses a DCS that is not an http(s) origin', () => {
    for (const dcs of ['javascript:alert(1)', 'dcs.example', 'ftp://dcs.example', 42]) {
      expect(() => validateConfig({ partner: 'acme', dcs })).toThrow(/dcs: expected an http\(s\) origin/);
    }
  });

  it('refuses something that is not an object', () => {
    expect(() => validateConfig('acme')).toThrow(/expected an object/);
  });
});
