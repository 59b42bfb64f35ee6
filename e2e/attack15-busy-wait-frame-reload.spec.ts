// Outside review attack15 (reported, fixed since): the DCS refuses a call with 429 and a
// Retry-After; the frame tells the tag the call is on its way, waits, and would try it again. Its
// element is moved in the DOM during the wait (frameworks re-parent nodes), so the frame reloads
// and the retry never goes. The tag, told the call was made, sent it again without its signals,
// as it does for a call the DCS has: the DCS never had this one, and its signals were lost.
// Fixed: the frame says `sent` with `taken: false` before the wait and forgets its own record of
// the call (packages/protocol/src/messenger.ts, packages/frame/src/dcs-client.ts, main.ts); the
// tag then sends it again with its signals (packages/tag/src/event-calls.ts).
import type { Route } from '@playwright/test';
import { dcsQuiet } from '@audience-relay/testing';
import { expect, test } from './fixtures';
import { moveFrame } from './move-frame';

type Relay = (...args: unknown[]) => Promise<unknown>;

test('a call refused with 429 whose frame reloads during the Retry-After wait reaches the DCS with its signals, once', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 10_000 }));
  await dcsQuiet(sites.dcs);
  let refuse = true;
  let refused = (): void => {};
  const refusal = new Promise<void>((resolve) => (refused = resolve));
  // The first request with the call's signals is refused for 2 s; every other goes to the DCS.
  await page.context().route(
    (url) => url.pathname === '/event',
    async (route: Route) => {
      if (refuse && new URL(route.request().url()).searchParams.get('c_seq') === 'busy') {
        refuse = false;
        await route.fulfill({ status: 429, headers: { 'Retry-After': '2' }, body: '' });
        refused();
      } else await route.continue();
    },
  );
  await page.evaluate(() => void (window as unknown as { audienceRelay: Relay }).audienceRelay('signals', { c_seq: 'busy', c_section: 'sports' }));
  await refusal;
  // During the frame's 2 s wait: its element moves, so it reloads, and the tag reconnects.
  await moveFrame(page);
  // Before the fix the call went again without c_seq and c_section: the DCS never had them.
  await expect.poll(() => sites.dcs.requests().filter((r) => r.signals.c_seq?.[0] === 'busy' && r.signals.c_section?.[0] === 'sports').length, { timeout: 10_000 }).toBe(1);
  await dcsQuiet(sites.dcs);
  expect(sites.dcs.requests().filter((r) => r.signals.c_seq?.[0] === 'busy')).toHaveLength(1);
});
