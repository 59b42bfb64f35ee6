// New-user trial (packed tarballs):
// - a frame URL that 404s (a typo in `frame`, a file not uploaded) was diagnosed as "cannot be
//   read here (CORS)", naming only allowedOrigins, frame-src and ad blockers; and for a frame on
//   a CDN it named the partner's allowedOrigins, which such a frame never reads (its build's
//   --allow fixes the pages it allows).
// - every DCS error 10 was "a real-time content provider did not answer in time", though the
//   DCS answers 10 for any provider failure (bad JSON, an HTTP error, a timeout).
// Fixed in debug/diagnose.ts.
import { describe, expect, it } from 'vitest';
import { diagnose, explainBlocked } from '../../src/debug/diagnose';
import { blockedSnapshot } from './blocked-snapshot';

const snapshot = blockedSnapshot;
const page = 'https://www.publisher.example';

describe('an unreadable frame: maybe not there at all', () => {
  it('on the DCS: says it may not exist and to open it in a browser, and names the partner\'s allowedOrigins', () => {
    const { code, message } = explainBlocked(snapshot({ frameUrl: 'https://acme.dcs.example/acme/frame.html' }), { cspBlocked: false, frame: { kind: 'unreadable' } }, page);
    expect(code).toBe('blocked');
    expect(message).toBe(
      "The frame (https://acme.dcs.example/acme/frame.html) cannot be read here (CORS), or it does not exist: open https://acme.dcs.example/acme/frame.html in a browser. Check: https://www.publisher.example in the partner's allowedOrigins, frame-src allowing https://acme.dcs.example, ad blockers.",
    );
  });

  it("on a CDN (another origin than the DCS's): names the frame build's --allow instead of allowedOrigins", () => {
    const { message } = explainBlocked(snapshot({ frameUrl: 'https://cdn.example/acme/frame.html' }), { cspBlocked: false, frame: { kind: 'unreadable' } }, page);
    expect(message).toContain('or it does not exist: open https://cdn.example/acme/frame.html in a browser.');
    expect(message).toContain("Check: https://www.publisher.example in the frame build's --allow, frame-src allowing https://cdn.example, ad blockers.");
    expect(message).not.toContain('allowedOrigins');
    const csp = explainBlocked(snapshot({ frameUrl: 'https://cdn.example/acme/frame.html' }), { cspBlocked: false, frame: { kind: 'csp-refused' } }, page);
    expect(csp.message).toContain("check https://www.publisher.example in the frame build's --allow, frame-src allowing https://cdn.example, ad blockers.");
  });
});

describe('DCS error 10', () => {
  it('is any failure of a real-time content provider, not a timeout only', () => {
    const answered = snapshot({ frame: 'connected', failure: null, queued: false, calls: 1, fresh: true, dcsErrors: [10] });
    const withSegments = diagnose({ ...answered, latest: { segments: ['5001'], traits: [1001], uuid: '1'.repeat(38), identity: { source: 'dcs-cookie', partitioned: false }, cached: false } });
    expect(withSegments.reasons[0]!.message).toBe('The DCS answered with error 10 (traits not evaluated, in part or at all (a real-time content provider failed?)).');
    expect(withSegments.reasons[0]!.message).not.toContain('in time');
  });
});
