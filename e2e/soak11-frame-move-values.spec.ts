// A page view (and its signals) in flight when the frame's element is moved is lost: the DCS
// never gets it, and the page is told nothing but the debug stream's DESTROYED. The frame tells
// the tag `sent` and records the call's ID in its session storage as it hands the call to
// `fetch` (protocol/src/messenger.ts `servePort`, frame/src/main.ts `seen`), on the
// assumption that a kept-alive fetch reaches the DCS even if the frame is torn down next
// (frame/src/dcs-client.ts). Often it does; but when the frame goes before the browser has
// dispatched the request, nothing reaches the DCS, and the tag's resend on the next connection
// goes without its signals and URL (tag/src/event-calls.ts `call.made`; the new frame strips it
// too, as a call its record knows). Found by the SPA soak (bench/spa-soak-long.mjs,
// SPA_SOAK_RICH=1 SPA_SOAK_RECONNECT_EVERY=40, 240 s): 11 values of 48 frame moves never
// processed; here, moving the frame 0-5 ms after each route's page view, 6 to 19 of 60 lost
// per run (Chromium, loopback). Outside review (soak11).
// Fixed (session l) in protocol/src/messenger.ts (`servePort`'s `sent`), frame/src/dcs-client.ts
// and frame/src/main.ts: the frame tells `sent`, and records the call as made, only as the
// request goes to the browser (kept alive), not as it enters the frame's queue. No value is
// lost now (3 runs: 0 of 120 each). Left: a value may reach the DCS twice (0 to 3 of 120 per
// run) when the frame goes in the same moment it hands the call to the browser: neither its
// `sent` nor its session-storage record reach the next frame, and the tag's resend carries
// the signals again. At least once, where it was at most once; bounded below.
import { dcsQuiet } from '@audience-relay/testing';
import { expect, test } from './fixtures';

type Relay = (...args: unknown[]) => Promise<unknown>;

test.describe.configure({ timeout: 120_000 });

test('values given around a frame move while their page view is in flight all reach the DCS, nearly all once', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/spa/`);
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 15_000 }));
  // Each call held 30 ms at the DCS, as in the soak.
  sites.dcs.injectFault({ count: 5000, latencyMs: 30 });
  const turns = 60;
  const reconnected = await page.evaluate(async (turns) => {
    const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
    let reconnects = 0;
    void relay('on', 'reconnected', () => void reconnects++);
    const holder = document.body.appendChild(document.createElement('div'));
    for (let i = 0; i < turns; i++) {
      // A route (its page view, autoPageView) with a value, then the frame's element moved
      // 0-5 ms later, as frameworks re-parent nodes; a second value while that call is in flight.
      history.pushState({}, '', `/spa/m${i}`);
      void relay('signals', { c_seq: `m${i}a` });
      await new Promise((r) => setTimeout(r, i % 6));
      void relay('signals', { c_seq: `m${i}b` });
      const frame = document.querySelector('iframe[title="audience-relay"]');
      if (frame) (frame.parentElement === holder ? document.body : holder).append(frame);
      await new Promise((r) => setTimeout(r, 100));
      await relay('ready', { timeoutMs: 3000 });
    }
    await relay('ready', { timeoutMs: 5000 });
    return reconnects;
  }, turns);
  expect(reconnected).toBe(turns);
  const counts = (): Map<string, number> => {
    const seen = new Map<string, number>();
    for (const r of sites.dcs.requests()) for (const v of r.signals.c_seq ?? []) seen.set(v, (seen.get(v) ?? 0) + 1);
    return seen;
  };
  const values = Array.from({ length: turns }, (_, i) => [`m${i}a`, `m${i}b`]).flat();
  // Every value reaches the DCS (waited for: a late one is not lost)...
  // Before the fix: 6 to 19 `m<n>a` values never (their page view never reached the DCS).
  await expect.poll(() => values.filter((v) => !counts().has(v)), { timeout: 10_000 }).toEqual([]);
  // ...and once, but for the rare value whose frame went as it handed the call to the browser.
  await dcsQuiet(sites.dcs);
  const seen = counts();
  const twice = values.filter((v) => seen.get(v) !== 1).map((v) => `${v}: ${seen.get(v)}x`);
  test.info().annotations.push({ type: 'more than once', description: twice.join(', ') || 'none' });
  expect(twice.filter((v) => !v.endsWith(': 2x'))).toEqual([]);
  expect(twice.length).toBeLessThanOrEqual(values.length / 20);
});
