// @vitest-environment happy-dom
// New-user trial 7: a publisher's first integration, with the page's origin not yet in the
// DCS's allowed origins (or a mistyped `dcs`, an ad blocker): the frame never connects, and
// with the defaults (timeoutMs 1000 < connectTimeoutMs 5000) the first `ready` settles
// `timeout` with "no fresh segments within 1000 ms", the words of a slow DCS. Nothing in the
// result (nor on the console, for a DCS that is not reachable) says that the frame has not
// connected at all; only `diagnose()` does, which the publisher does not know to call yet.
// Fixed in packages/tag/src/relay.ts (the CALL_TIMEOUT message of the readiness verdict):
// a deadline that passes while the frame is still connecting says so, e.g. "no fresh segments
// within 1000 ms: the DCS frame has not connected (yet); diagnose() says why".
import { describe, expect, it } from 'vitest';
import { createAudienceRelay } from '../src/index';

describe('ready settling while the frame has not connected', () => {
  it("says the frame has not connected, not only that there were no fresh segments", async () => {
    // happy-dom loads no frame: it never connects, as with an origin the DCS does not allow.
    const relay = createAudienceRelay({ partner: 'acme', dcs: 'https://dcs.example', connectTimeoutMs: 5000 });
    try {
      relay.signals({ c_section: 'sports' });
      const result = await relay.ready({ timeoutMs: 100 });
      // `timeout` (CALL_TIMEOUT) today; the status is the lead's call, the words are the point.
      expect(['timeout', 'blocked']).toContain(result.status);
      expect(relay.snapshot().frame).toBe('connecting');
      expect(result.error?.message).toMatch(/frame has not connected/);
    } finally {
      relay.destroy();
    }
  });
});
