// review8: a call the DCS refuses for now (429 to the call and to the frame's own retry:
// DCS_BUSY) goes again after 2 s with the same call ID (event-calls.ts, `call: prefix+seq`).
// The frame keeps the IDs of the calls it saw in session storage (frame main.ts seen
// CALLS_KEY) to strip a call resent after it reloaded: it cannot tell the retry of a call the
// DCS never took from that, and sends it without its signals. rate-limited-retry-later.spec.ts
// covers only the page's first call, the boot call, which carries no call ID.
import { expect, test } from './fixtures';

// Fixed (session i) in packages/frame/src/main.ts (record a call ID only once the DCS took the call, or forget it on DCS_BUSY); expected: the retry that the DCS takes carries the call's signals
test("DCS answers 429 to the page's second call and to its retry: the retry later carries its signals", async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/qa/scenario.html`);
  await expect.poll(() => sites.dcs.requests().filter((r) => r.status === 200).length).toBe(1);
  sites.dcs.injectFault({ status: 429, count: 2 });
  await page.evaluate(() => void (window as unknown as { audienceRelay: (...a: unknown[]) => unknown }).audienceRelay('signals', { c_second: 'yes' }));
  // Refused twice, then taken: the third request for it.
  await expect.poll(() => sites.dcs.requests().length, { timeout: 10_000 }).toBe(4);
  const [, refused, again, taken] = sites.dcs.requests();
  expect([refused!.status, again!.status, taken!.status]).toEqual([429, 429, 200]);
  expect(taken!.signals.c_second).toEqual(['yes']);
});
