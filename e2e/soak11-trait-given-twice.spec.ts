// A trait realized twice by the page is realized once at the DCS when the second `traits` call
// joins the call still being filled (while another call is in flight, or in the same task):
// the queue adds a trait ID to a call only if it is not there yet (tag/src/queue.ts `add`:
// `if (!call.traits.includes(id)) call.traits.push(id)`), where a signal key given again ends
// the call so that both values go out. Each `d_sid` realization counts: frequency rules
// (`1004T >= 3`, mock-dcs and Audience Manager's "Recency and Frequency" traits) qualify on
// fewer real events than the page reported (two newsletter sign-ups, two video starts, two
// articles of an infinite scroll read while a slow call was out). Found by the soak's
// in-flight probe (outside review soak11): 2 `traits([1004])` given while a call was in flight
// gave one call with `d_sid=1004`.
// Fixed (session k) in packages/tag/src/queue.ts (`fits`): a trait ID already in the call being
// filled ends it, as a signal key does, so each `traits` call is one realization at the DCS.
import { dcsQuiet } from '@audience-relay/testing';
import { expect, test } from './fixtures';

type Relay = (...args: unknown[]) => Promise<unknown>;

test('a trait given twice while a call is in flight is realized twice at the DCS', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 15_000 }));
  await dcsQuiet(sites.dcs);
  // The next calls are held 300 ms at the DCS: what the page gives meanwhile queues.
  sites.dcs.injectFault({ count: 10, latencyMs: 300 });
  await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
    void relay('signals', { c_k: 'in-flight' });
    await new Promise((r) => setTimeout(r, 50));
    // Two sign-ups, each realizing pixel trait 1004, while that call is out.
    void relay('traits', [1004]);
    void relay('signals', { c_k: 'between' });
    void relay('traits', [1004]);
    await relay('ready', { timeoutMs: 10_000 });
  });
  // Each 1004 in the calls' d_sid lists (two calls, or one with it twice: either is two).
  const realizations = () =>
    sites.dcs.requests().reduce((n, r) => n + (/[?&]d_sid=([0-9,]*)/.exec(r.path)?.[1] ?? '').split(',').filter((id) => id === '1004').length, 0);
  // Measured: 1 (one call with d_sid=1004, the second given merged into it).
  await expect.poll(realizations, { timeout: 10_000 }).toBe(2);
});
