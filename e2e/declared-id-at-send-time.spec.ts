// Signals given before an `ids` call go out with the ID declared after them. The tag reads the
// declared IDs when a call is SENT (tag/src/relay.ts `params()` reads `declared`), not when its
// signals were given: while a call is in flight (a slow DCS, a frame reconnecting), everything
// queued behind it takes whatever ID the page declares meanwhile. On a shared device, the
// signals of the visitor who was logged in (`ids({ dpid: 21, dpuuid: 'alice' })`) reach the
// DCS under the next visitor's customer ID (`bob`): Audience Manager writes a call's traits to
// the profile of the customer ID the call declares ("Declared IDs":
// https://experienceleague.adobe.com/docs/audience-manager/user-guide/features/declared-ids.html;
// "Visitor Authentication States": an AUTHENTICATED d_cid writes "new traits to the
// authenticated profile",
// https://experienceleague.adobe.com/docs/audience-manager/user-guide/reference/visitor-authentication-states.html),
// so alice's browsing lands on bob's authenticated profile (and a logout, state 2, takes the
// traits of the logged-in browsing off alice's). Found by the SPA soak (bench/spa-soak-long.mjs,
// SPA_SOAK_RICH=1): 41 of 201 values carried the next turn's ID.
// Outside review (fidelity6).
// lead: fix in packages/tag/src/relay.ts (and event-calls.ts / queue.ts): a queued call keeps the
// declared IDs of when its commands were given (an `ids` call ends the call being filled, as a
// key given again does), so each call carries the IDs that were current for its signals.
import { expect, test } from './fixtures';

type Relay = (command: string, ...args: unknown[]) => Promise<{ status: string }>;

test('signals queued behind a slow call keep the customer ID declared when they were given', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 20_000 }));
  // The next call is held 1.5 s at the DCS: what the page gives meanwhile queues behind it.
  sites.dcs.injectFault({ count: 1, latencyMs: 1500 });
  await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
    const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
    await relay('ids', { dpid: 21, dpuuid: 'alice' }); // alice logs in: this call goes out, and is held
    await tick();
    await relay('signals', { c_seq: 'alice-reads' }); // queued behind it: alice's reading
    await tick();
    await relay('ids', { dpid: 21, dpuuid: 'bob' }); // then bob logs in on the same device
    await relay('signals', { c_seq: 'bob-reads' });
    await relay('ready', { timeoutMs: 20_000 });
  });
  await expect.poll(() => sites.dcs.requests().some((r) => r.signals.c_seq?.[0] === 'bob-reads'), { timeout: 15_000 }).toBe(true);
  const cidOf = (value: string) => {
    const call = sites.dcs.requests().find((r) => r.signals.c_seq?.[0] === value);
    return call?.path.split('?')[1]?.split('&').filter((p) => p.startsWith('d_cid=')) ?? [];
  };
  expect(cidOf('bob-reads')).toEqual(['d_cid=21%01bob']);
  // Measured: ['d_cid=21%01bob'], alice's reading declared as bob's.
  expect(cidOf('alice-reads')).toEqual(['d_cid=21%01alice']);
});
