// A page that polluted Object.prototype before the tag ran: options are read as own
// properties only, so no polluted value becomes a default, above all none that loosens
// privacy (COPPA, Global Privacy Control, TCF), and no polluted getter is ever called.
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config';
import { checkPageView, checkReadyOptions } from '../../src/api-checks';
import { normalizeDeclaredIds, normalizeSignals } from '../../src/signals';

const POLLUTED: Record<string, unknown> = {
  partner: 'globex',
  dcs: 'https://evil.example',
  frame: 'https://evil.example/frame.html',
  ecid: { orgId: 'EVIL@AdobeOrg', mid: '12345678901234567890123456789012345678' },
  timeoutMs: 1,
  connectTimeoutMs: 1,
  cacheMaxAgeMs: 0,
  coppa: false,
  autoPageView: true,
  outputs: { cookie: { name: 'evil' } },
  consent: { gpc: false, requireTcf: false, vendorId: 1, timeoutMs: 1 },
  gpc: false,
  requireTcf: false,
  vendorId: 1,
  url: 'https://evil.example/',
  authState: 2,
  dpid: 666,
};
const proto = Object.prototype as Record<string, unknown>;

function pollute(how: 'values' | 'throwing getters'): void {
  for (const [key, value] of Object.entries(POLLUTED)) {
    Object.defineProperty(proto, key, how === 'values' ? { value, configurable: true, writable: true } : { get: () => { throw new Error(`Object.prototype.${key} read`); }, configurable: true });
  }
}

afterEach(() => {
  for (const key of Object.keys(POLLUTED)) delete proto[key];
});

describe.each(['values', 'throwing getters'] as const)('a polluted Object.prototype (%s)', (how) => {
  const input = { partner: 'acme', dcs: 'https://acme.dcs.example', coppa: true, consent: {} };

  it('changes no option of the config: the defaults hold, and COPPA, GPC and the TCF rule stay as given', () => {
    const clean = validateConfig(input);
    pollute(how);
    const config = validateConfig(input);
    expect({ ...config }).toEqual(clean);
    expect(config.coppa).toBe(true);
    expect(config.consent).toEqual({ vendorId: 565, timeoutMs: 1000, gpc: true, requireTcf: false });
    expect(config.cacheMaxAgeMs).toBe(86400000);
    expect(config.timeoutMs).toBe(1000);
    expect(config.autoPageView).toBe(false);
    expect(config.frameUrl).toBe('https://acme.dcs.example/frame.html');
    expect(config.ecid).toBeNull();
  });

  it('changes no command input: ready options, page views, signals and declared IDs', () => {
    pollute(how);
    expect(() => checkReadyOptions({})).not.toThrow();
    expect(() => checkPageView({})).not.toThrow();
    expect(normalizeSignals({ c_a: 1 })).toEqual({ c_a: ['1'] });
    expect(normalizeDeclaredIds({ code: 'crm', dpuuid: 'x' })).toEqual([{ source: 'crm', id: 'x', authState: null }]);
  });
});
