// New-user trial 17 (a content provider trying mock-dcs-provider-check on a local endpoint):
// an endpoint served on port 6000 was reported `run 1: failed: bad port`, undici's words, and
// nothing said that the port itself is one fetch never calls (mock-dcs's real-time call, made
// with fetch too, fails the same way: error 10), or what to do.
import { describe, expect, it } from 'vitest';
import { checkProvider } from '../src/index';

describe('mock-dcs-provider-check on a port fetch refuses', () => {
  it('says the port is blocked by fetch, and to serve the endpoint on another', async () => {
    for (const port of [6000, 6666]) {
      const report = await checkProvider({ url: `http://127.0.0.1:${port}/segments?uid=\${DPUUID}`, runs: 1 });
      expect(report.pass).toBe(false);
      expect(report.runs[0]?.problem).toBe(
        `failed: port ${port} is one that fetch refuses to call (the Fetch standard's blocked ports, such as 6000, 6665-6669 and 5060), and so does mock-dcs: serve your endpoint on another port (bad port)`,
      );
    }
  });
});
