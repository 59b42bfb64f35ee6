// New-user trial (branch trial): `validateConfig` is exported by the npm entry, so a developer
// checks a config with it (say in a CI test of the site's settings) before shipping. Called as
// exported, with one argument, it does not check `outputs` (that takes a second argument, the
// outputs validator, which the package does not export): `outputs: { gpt: true, prebid: {} }`
// passes, and the returned `NormalizedConfig.outputs` is the input object as it was
// (`{ gpt: true, prebid: {} }`), not the `NormalizedOutputs` its type promises
// (`gpt: { key, slots } | null`). createAudienceRelay refuses the same config.
// Fixed: the entry's validateConfig checks outputs as createAudienceRelay does.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../src/index';

describe('validateConfig as the npm entry exports it', () => {
  it('refuses what createAudienceRelay refuses: bad outputs', () => {
    expect(() => validateConfig({ partner: 'acme', dcs: 'https://dcs.example', outputs: { gpt: true, prebid: {} } })).toThrow(/outputs\.gpt/);
  });

  it('returns outputs in their normalized shape (NormalizedOutputs), as its type says', () => {
    const { outputs } = validateConfig({ partner: 'acme', dcs: 'https://dcs.example', outputs: { gpt: { key: 'aud' } } });
    expect(outputs).toEqual({ gpt: { key: 'aud', slots: [] }, prebid: null, cookie: null, dataLayer: null, domEvent: false, cookieDestinations: null });
  });
});
