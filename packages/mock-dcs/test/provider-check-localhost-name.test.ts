// New-user trial 7: `npx mock-dcs` prints "demo content provider on http://provider.localhost:PORT",
// and the demo's ID sync URL uses that name too; a provider team that checks its endpoint by a
// *.localhost name got "failed: ENOTFOUND" and nothing more. Browsers resolve *.localhost;
// Node (the checker, and the DCS's own server-side call) resolves it only where the system
// does. The check now says so, and what to call instead.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkProvider } from '../src/index';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A fetch that fails as Node's does for a name the system cannot resolve. */
const unresolved = () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) }));

describe('mock-dcs-provider-check on a *.localhost name Node cannot resolve', () => {
  it('says that Node does not resolve *.localhost as browsers do, and to call 127.0.0.1', async () => {
    vi.stubGlobal('fetch', vi.fn(unresolved));
    const report = await checkProvider({ url: 'http://provider.localhost:4300/segments?uid=${DPUUID}', runs: 1 });
    expect(report.pass).toBe(false);
    expect(report.runs[0]?.problem).toMatch(/^failed: ENOTFOUND/);
    expect(report.runs[0]?.problem).toContain('127.0.0.1');
  });

  it('leaves other names as they were: ENOTFOUND alone', async () => {
    vi.stubGlobal('fetch', vi.fn(unresolved));
    const report = await checkProvider({ url: 'http://cp.example/segments?uid=${DPUUID}', runs: 1 });
    expect(report.runs[0]?.problem).toBe('failed: ENOTFOUND');
  });
});
