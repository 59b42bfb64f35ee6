import { describe, expect, it } from 'vitest';
import { validateConfig } from '../src/index';

// New-user trial 6: `dcs` copied with its default port (`https://acme.demdex.net:443`, as a
// server config or a curl line writes it) or with an internationalized host as the address bar
// shows it (`https://bücher.example`) is refused, "dcs: expected an http(s) origin", though each
// names exactly one origin; `frame: 'https://cdn.example:443/…'` is accepted and normalized. The
// origin is the one browsers serialize (no default port, the xn-- form), which the frame's CSP
// and the handshake compare exactly. The frame CLI takes both forms since trial 6.
describe('config: dcs as an origin in any form that names one', () => {
  // Fixed in packages/protocol/src/origin.ts: parseOrigin returns the serialized origin.
  it('dcs with the default port is that origin', () => {
    expect(validateConfig({ partner: 'acme', dcs: 'https://acme.demdex.net:443' }).dcsOrigin).toBe('https://acme.demdex.net');
  });

  // Fixed in packages/protocol/src/origin.ts: an IDN host becomes its xn-- form.
  it('dcs with an internationalized host is its xn-- origin', () => {
    expect(validateConfig({ partner: 'acme', dcs: 'https://bücher.example' }).dcsOrigin).toBe('https://xn--bcher-kva.example');
  });

  it('a path, query or fragment is still no origin', () => {
    for (const dcs of ['https://acme.demdex.net/event', 'https://acme.demdex.net/?a=1', 'https://acme.demdex.net/#x']) {
      expect(() => validateConfig({ partner: 'acme', dcs }), dcs).toThrow(/dcs/);
    }
  });
});
