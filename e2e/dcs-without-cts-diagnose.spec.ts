// On an Audience Manager account where d_cts is not enabled ("Optional. Enabled on customer
// request", "Supported Attributes for DCS API Calls":
// https://experienceleague.adobe.com/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-keys.html),
// every answer lacks `traits` and `segments`; docs/deploying.md step 2 says to ask Adobe for it.
// The frame reads a missing list as an empty one (frame/src/parse-response.ts idList), so the
// page gets `fresh` with no segments and diagnose() says "no trait rule matched the signals
// sent": it sends the publisher to the trait rules, while the DCS never said. Measured with
// mock-dcs's `ctsEnabled: false` (fidelity review): reasons ['no-rule-matched', 'partitioned', 'new-identity'],
// though the cookie destination of the same answer carries the segment.
// Outside review (fidelity5).
// Fixed: the frame marks such an answer `listed: false` (frame/src/parse-response.ts), and
// diagnose() names it `no-segment-list` (tag/src/debug/diagnose.ts).
import { expect, test } from './fixtures';

interface Diagnosis {
  reasons: Array<{ code: string; message: string }>;
}

test('an answer without traits and segments (d_cts not enabled for the account): diagnose() says so, not that no rule matched', async ({ page, sites }) => {
  const config = sites.demo();
  for (const partner of Object.values(config.partners)) partner.ctsEnabled = false;
  sites.dcs.setConfig(config);
  await page.goto(`${sites.publisher.url}/publisher/`);
  const { ready, diagnosis } = await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay(command: string, ...args: unknown[]): Promise<unknown> }).audienceRelay;
    const ready = (await relay('ready', { timeoutMs: 20_000 })) as { status: string; segments: string[] };
    return { ready, diagnosis: (await relay('diagnose')) as Diagnosis };
  });
  // The DCS qualified the visitor: its cookie destination says so.
  await expect.poll(() => page.evaluate(() => document.cookie)).toContain('aud_seg=');
  expect(ready.status).toBe('fresh');
  expect(diagnosis.reasons.map((reason) => reason.code)).not.toContain('no-rule-matched');
  expect(JSON.stringify(diagnosis.reasons)).toMatch(/d_cts/);
});
