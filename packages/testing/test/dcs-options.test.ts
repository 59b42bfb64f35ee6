import { describe, expect, it } from 'vitest';
import { checkDcsOptions } from '../src/fixtures';

describe('checkDcsOptions', () => {
  it('passes every documented option through', () => {
    const options = { config: { partners: {} }, port: 4100, listen: '127.0.0.1', hostname: 'dcs.localhost', https: false, log: () => {} };
    expect(checkDcsOptions(options)).toBe(options);
  });

  it('names every unknown option, and the known ones, instead of ignoring a typo', () => {
    expect(() => checkDcsOptions({ prot: 4100, host: 'x' })).toThrow(
      '@audience-relay/testing: unknown dcsOptions "prot", "host"; known: config, port, listen, hostname, https, assets, log, maxProfiles, maxProfileBytes, requestTimeoutMs, inactiveMs, profileStore',
    );
    expect(() => checkDcsOptions(null)).toThrow(/dcsOptions must be an object/);
  });
});
