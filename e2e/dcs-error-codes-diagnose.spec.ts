// The DCS says why an answer is empty, in `errors[]` and `X-Error` ("DCS Error Codes, Messages,
// and Examples": https://experienceleague.adobe.com/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-error-codes.html).
// After a partner-level opt-out of a declared ID, "the JSON returned by the DCS contains the
// error code 171, with the message 'Encountered opt out tag', instead of the Audience Manager
// user ID" ("Opt-out management": https://experienceleague.adobe.com/docs/audience-manager/user-guide/overview/data-security-and-privacy/opt-out-management.html).
// The frame reads neither (parse-response.ts keeps uuid, segments, traits, stuff, ibs, dests,
// dcs_region), so the page is told `fresh`, no segments, and diagnose() says no trait rule
// matched the signals: a publisher debugging an empty answer is sent to the wrong place. The
// same for 315 (the consent string grants the DCS no consent), 10 (a real-time content
// provider timed out: traits partly evaluated), 109 (referer not allowed).
// Outside review (fidelity5).
// lead: fix in packages/frame/src/parse-response.ts (keep `errors[]` codes, capped) and
// packages/tag/src/debug/diagnose.ts (a reason naming the DCS's error codes).
import { expect, test } from './fixtures';

interface Diagnosis {
  summary: string;
  reasons: Array<{ code: string; message: string }>;
}

test.fail('a declared ID the visitor opted out: the DCS answers error 171, and diagnose() says so', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  // The partner-level opt-out of CRM ID crm-42 (data source 21), as Adobe documents it.
  const optOut = await fetch(`${sites.dcs.url.replace('dcs.localhost', '127.0.0.1')}/demoptout.jpg?d_cid=21%01crm-42`, { headers: { host: new URL(sites.dcs.url).host } });
  expect(optOut.status).toBe(200);
  const result = await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay(command: string, ...args: unknown[]): Promise<unknown> }).audienceRelay;
    await relay('ids', { dpid: 21, dpuuid: 'crm-42' });
    await relay('signals', { c_section: 'sports' });
    const ready = (await relay('ready', { timeoutMs: 20_000 })) as { status: string; uuid: string | null; segments: string[] };
    return { ready, diagnosis: (await relay('diagnose')) as Diagnosis };
  });
  // The DCS's side, as documented: error 171 and no uuid.
  const logged = (await (await fetch(`${sites.dcs.url.replace('dcs.localhost', '127.0.0.1')}/__admin/requests`, { headers: { host: new URL(sites.dcs.url).host } })).json()) as {
    items: Array<{ errors: number[] }>;
  };
  expect(logged.items.at(-1)?.errors).toContain(171);
  expect(result.ready.uuid).toBeNull();
  // What the page is told: the DCS's reason, not "no trait rule matched".
  expect(result.diagnosis.reasons.map((reason) => reason.code)).not.toContain('no-rule-matched');
  expect(JSON.stringify(result.diagnosis.reasons)).toMatch(/171/);
});
