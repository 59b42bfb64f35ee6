// A call in flight when the frame reloads is processed twice by the DCS. The DCS received it
// (the frame's fetch was on the wire) and processes it whether or not the frame is still there
// to read the answer; the tag, whose port died, puts the call back and sends it again on the
// next connection (tag/src/event-calls.ts: "Put the call back; it goes out once, on the port
// of the next connection"). Each realization counts: a frequency segment (`1001T >= 3`, mock-dcs
// and Audience Manager's "recency and frequency" rules) qualifies on fewer real page views, and
// the second call reaches the DCS while it may still be working on the first, the simultaneous
// calls for one visitor that Audience Manager's "Race Conditions and Error Handling" asks
// clients not to make ("Wait for each response to come back before making subsequent calls",
// https://experienceleague.adobe.com/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-race-conditions.html).
// A frame reloads whenever its element is moved in the DOM (frameworks re-parent nodes;
// e2e/frame-moved.spec.ts keeps the BOOT call to once for that reason). Found by the SPA soak
// (bench/spa-soak-long.mjs, SPA_SOAK_RECONNECT_EVERY=20): 10 moves, 10 values processed twice.
// Outside review (fidelity6).
// Fixed: each event call carries an ID (tag/src/event-calls.ts); a frame records the IDs it made
// in its session storage (frame/src/main.ts) and asks the DCS again without the signals. Brief was:
// fix in packages/tag/src/event-calls.ts with packages/frame/src (e.g. each call gets an
// id the frame records in its session storage before it fetches, as it does for boot ids; the
// reloaded frame answers a known id without calling the DCS again, and the tag reports that
// call as not answered rather than sending it twice).
import { dcsQuiet } from '@audience-relay/testing';
import { expect, test } from './fixtures';
import { moveFrame } from './move-frame';

type Relay = (...args: unknown[]) => Promise<unknown>;

test('a call in flight when the frame reloads reaches the DCS once', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 10_000 }));
  await dcsQuiet(sites.dcs);
  // The next call is held 1.5 s at the DCS, which has it by then.
  sites.dcs.injectFault({ count: 1, latencyMs: 1500 });
  // On the wire: the browser has sent it (its request is seen), the DCS holds it.
  const sent = page.waitForRequest((r) => r.url().includes('c_seq=once'));
  await page.evaluate(() => void (window as unknown as { audienceRelay: Relay }).audienceRelay('signals', { c_seq: 'once', c_section: 'sports' }));
  await sent;
  await moveFrame(page);
  // The held call's processing ends 1.5 s after it arrived: wait for it, then for quiet.
  await expect.poll(() => sites.dcs.requests().filter((r) => r.signals.c_seq?.[0] === 'once').length, { timeout: 10_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(1600);
  await dcsQuiet(sites.dcs);
  // Measured: 2 (the held call, processed when its latency ended, and the tag's resend).
  expect(sites.dcs.requests().filter((r) => r.signals.c_seq?.[0] === 'once')).toHaveLength(1);
});
