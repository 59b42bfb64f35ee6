// A partner whose DCS account restricts referrers to its own sites (Audience Manager's error
// 109, "Referer <HTTP referer> is not allowed for partner <Partner ID>: The HTTP referer header
// on the call is not allowed for the partner ID on the call", "DCS Error Codes":
// https://experienceleague.adobe.com/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-error-codes.html)
// gets every event call of audience-relay refused: the frame makes them, so their Referer is the
// FRAME's origin (the DCS host or the CDN), never the publisher's page. mock-dcs does the same
// with `allowedReferrerHosts: [<the publisher's host>]`: each call answered 109, no segments.
// diagnose() then says "the page's Referer is not among the DCS's allowed referrer hosts": the
// publisher checks the allowlist, finds its page's host there, and is stuck. The Referer the DCS
// refused was the frame's (`http://dcs.localhost:PORT/` here; mock-dcs's request log says so).
// docs/deploying.md does not mention it either (its "differences that remain" cover h_referer
// traits only). Outside review (fidelity6).
// Fixed: packages/tag/src/debug/diagnose.ts (109 names the frame host, the Referer the DCS
// sees: add the frame's host to the partner's allowed referrers) and docs/deploying.md.
import { expect, test } from './fixtures';

interface Diagnosis {
  summary: string;
  reasons: Array<{ code: string; message: string }>;
}

test("error 109 on a referrer allowlist of the publisher's sites: diagnose() names the frame's origin, the Referer the DCS refused", async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.allowedReferrerHosts = [new URL(sites.publisher.url).hostname];
  sites.dcs.setConfig(config);
  await page.goto(`${sites.publisher.url}/publisher/`);
  const diagnosis = await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay(command: string, ...args: unknown[]): Promise<unknown> }).audienceRelay;
    await relay('ready', { timeoutMs: 10_000 });
    return (await relay('diagnose')) as Diagnosis;
  });
  // The DCS's side: each call refused, with the frame's origin as the Referer it saw.
  const refused = sites.dcs.requests();
  expect(refused.length).toBeGreaterThan(0);
  expect(refused.every((r) => r.errors.includes(109))).toBe(true);
  const dcsOrigin = new URL(sites.dcs.url).host;
  expect(refused[0]?.errorMessages?.[0]).toContain(dcsOrigin);
  const reason = diagnosis.reasons.find((r) => r.message.includes('109'));
  expect(reason).toBeDefined();
  // Measured: "The DCS answered with error 109 (the page's Referer is not among the DCS's allowed referrer hosts)."
  expect(reason?.message).toContain(dcsOrigin);
});
