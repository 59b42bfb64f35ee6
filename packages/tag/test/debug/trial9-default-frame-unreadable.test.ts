// trial9: a page configured as the README's first example and the migration guide (until this
// session) show it, `{ partner: 'acme', dcs: 'https://acme.demdex.net' }`, against Audience
// Manager, which hosts no frame of ours: the frame defaults to `<dcs>/frame.html`, the DCS
// answers it without CORS headers (as for any unknown path), and diagnose() says "cannot be
// read here (CORS). Check: <page> in the partner's allowedOrigins, frame-src allowing
// https://acme.demdex.net, ad blockers": three checks that cannot help. The likeliest cause, a
// DCS that serves no frame while `frame` was left to its default, is not among them.
import { describe, expect, it } from 'vitest';
import { explainBlocked } from '../../src/debug/diagnose';
import { blockedSnapshot } from './blocked-snapshot';

const snapshot = (frameUrl: string) => blockedSnapshot({ dcsOrigin: 'https://acme.demdex.net', frameUrl });

describe('trial9: the default frame URL on a DCS that does not let pages read it', () => {
  // Fixed (session j) in debug/diagnose.ts explainBlocked.
  it('names the frame option and the build command', () => {
    const { message } = explainBlocked(snapshot('https://acme.demdex.net/frame.html'), { cspBlocked: false, frame: { kind: 'unreadable' } }, 'https://www.publisher.example');
    expect(message).toContain('audience-relay-frame build');
    expect(message).toMatch(/\bframe\b option|`frame`|set frame/);
  });

  it("a frame URL the page set: the same checks, without the default's advice (on a CDN: the build's --allow, not the partner's allowedOrigins)", () => {
    const { message } = explainBlocked(snapshot('https://cdn.example/acme/frame.html'), { cspBlocked: false, frame: { kind: 'unreadable' } }, 'https://www.publisher.example');
    expect(message).not.toContain('audience-relay-frame build');
    expect(message).toContain("https://www.publisher.example in the frame build's --allow");
  });
});
