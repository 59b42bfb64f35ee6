// New-user trial 7: a publisher's first try, the snippet pasted into an HTML file opened from
// disk (file:///…/test.html). The frame's frame-ancestors refuses it, and diagnose() says
// "This page's origin file:// is not among the DCS's allowed origins (…): add it to
// partners.acme.allowedOrigins (mock-dcs) or --allow". Both refuse it: mock-dcs's config
// ("expected an origin such as https://www.publisher.example", exit 2) and
// `audience-relay-frame build --allow file://` (exit 2). No frame can allow a file: page (its
// origin is opaque, as a sandboxed or data: page's "null" is): the advice cannot be followed.
// Fixed in packages/tag/src/debug/diagnose.ts (explainBlocked): a page whose origin is not
// an http(s) origin ("file://", "null") is told to serve the page over http(s) (a local server
// such as `npx serve`, on an origin listed in allowedOrigins), not to list its origin.
import { describe, expect, it } from 'vitest';
import { explainBlocked } from '../../src/debug/diagnose';
import { blockedSnapshot } from './blocked-snapshot';

const snapshot = blockedSnapshot();
const served = { cspBlocked: false, frame: { kind: 'served' as const, status: 200, partner: 'acme', allowedOrigins: ['https://www.publisher.example'] } };

describe('diagnose() on a page opened from a file', () => {
  for (const origin of ['file://', 'null']) {
    it(`says to serve the page over http(s), not to allow the origin ${origin}`, () => {
      const reason = explainBlocked(snapshot, served, origin);
      expect(reason.message).not.toContain('add it to partners.acme.allowedOrigins');
      expect(reason.message).toMatch(/over https?|http\(s\)/);
    });
  }
});
