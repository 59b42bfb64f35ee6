// A page that seeds Math.random before the tag runs (seedrandom's `Math.seedrandom('…')`, a
// visual-regression or game page that makes its randomness repeatable) makes the tag's call IDs
// (event-calls.ts: `callPrefix = Math.random()…`) the same on every load of the page. The frame
// records the call IDs it made in its session storage, which outlives the page (same tab, same
// site: a reload, the next article), and takes a known ID for "the frame reloaded mid-call, the DCS
// has it": the call goes out with its signals, trait IDs and URL stripped (frame/src/main.ts,
// `seen(CALLS_KEY, params.call)`). So on the second page view every event call after the
// boot call reaches the DCS empty: the page's signals are lost without a word.
// Outside review (attack11).
// Fixed (session k) in packages/tag/src/platform.ts `randomId`: call IDs, boot IDs and CMP call IDs
// from the platform's crypto.getRandomValues taken at start, not the page's Math.random.
// Expected: a signal given after ready on a reloaded page reaches the DCS, as on the first load.
import type { Page } from '@playwright/test';
import { dcsQuiet } from '@audience-relay/testing';
import { expect } from './fixtures';
import { test } from './hostile-lab';

type Relay = (...args: unknown[]) => Promise<{ status: string }>;

// Seeded at every load, as seedrandom does: the same sequence on each page view.
const SEEDED = `(function () { var s = 42; Math.random = function () { s = (s * 16807) % 2147483647; return s / 2147483647; }; })();`;
const FIXED = `Math.random = function () { return 0.5; };`;

async function signalAfterReady(page: Page, step: string): Promise<string> {
  return page.evaluate(async (value) => {
    const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
    await relay('ready', { timeoutMs: 5000 });
    void relay('signals', { c_step: value });
    return (await relay('ready', { timeoutMs: 5000 })).status;
  }, step);
}

for (const [name, hostile] of [
  ['seeded Math.random (seedrandom)', SEEDED],
  ['Math.random fixed (a screenshot-test page)', FIXED],
] as const) {
  test(`${name}: a signal given after ready on the reloaded page still reaches the DCS`, async ({ openLab, sites }) => {
    const lab = await openLab({ hostile, calls: `audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { report('ready ' + r.status); });` });
    await lab.reported('ready fresh');
    expect(await signalAfterReady(lab.page, 'first-load')).toBe('fresh');
    await dcsQuiet(sites.dcs);
    // Control: on the first load the signal reaches the DCS.
    expect(sites.dcs.requests().filter((r) => r.signals.c_step?.[0] === 'first-load')).toHaveLength(1);

    await lab.page.reload();
    expect(await signalAfterReady(lab.page, 'second-load')).toBe('fresh');
    await dcsQuiet(sites.dcs);
    // Measured: 0 (the call reached the DCS without its signals).
    expect(sites.dcs.requests().filter((r) => r.signals.c_step?.[0] === 'second-load')).toHaveLength(1);
  });
}

test('control: with the platform Math.random, a signal given after ready on the reloaded page reaches the DCS', async ({ openLab, sites }) => {
  const lab = await openLab({ calls: `audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { report('ready ' + r.status); });` });
  await lab.reported('ready fresh');
  expect(await signalAfterReady(lab.page, 'first-load')).toBe('fresh');
  await lab.page.reload();
  expect(await signalAfterReady(lab.page, 'second-load')).toBe('fresh');
  await dcsQuiet(sites.dcs);
  expect(sites.dcs.requests().filter((r) => r.signals.c_step?.[0] === 'second-load')).toHaveLength(1);
});
