// A call in flight when the frame reloads is still processed twice by the DCS where the browser
// blocks third-party cookies and site data (Chrome's "Block third-party cookies" setting, the
// default of its Incognito windows; the QA kit's `blocked` profile). The fix for the
// allowed/partitioned profiles (e2e/frame-reload-in-flight-twice.spec.ts) records each call's ID
// in the frame's session storage; a cross-site frame has none here (sessionStorage throws), so
// main.ts's seen() says "first time" and the reloaded frame makes the call again with its
// signals: the DCS realizes every trait of it twice (a frequency segment, `1001T >= 3`,
// qualifies on fewer real page views) and gets the second call while it may still be working on
// the first ("Race Conditions and Error Handling").
// Found by bench/soak-tabs-consent.mjs (TABS_SOAK_PROFILE=blocked): each frame move right after
// a value was given, some values processed twice; none in the `allowed` profile.
// Outside review (fidelity7).
// Fixed in packages/protocol/src/messenger.ts and packages/tag/src/event-calls.ts: the frame tells
// the tag on its port that it is calling the DCS with a request (`sent`) before it does, and the
// tag sends such a call again (its port lost) without its signals, as the frame does when its
// session storage knows the call's ID.
import { dcsQuiet } from '@audience-relay/testing';
import { expect, test } from './fixtures';
import { moveFrame } from './move-frame';

type Relay = (...args: unknown[]) => Promise<unknown>;

test.use({ browserProfile: 'blocked' });

test('third-party storage blocked: a call in flight when the frame reloads reaches the DCS once', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 10_000 }));
  // The frame really has no session storage in this profile (what the fix cannot rely on).
  const frame = page.frames().find((f) => f.url().includes('/frame.html'));
  expect(await frame?.evaluate(() => { try { return typeof sessionStorage.getItem('x'); } catch { return 'blocked'; } })).toBe('blocked');
  await dcsQuiet(sites.dcs);
  // The next call is held 1.5 s at the DCS, which has it by then.
  sites.dcs.injectFault({ count: 1, latencyMs: 1500 });
  const sent = page.waitForRequest((r) => r.url().includes('c_seq=once'));
  await page.evaluate(() => void (window as unknown as { audienceRelay: Relay }).audienceRelay('signals', { c_seq: 'once', c_section: 'sports' }));
  await sent;
  await moveFrame(page);
  await expect.poll(() => sites.dcs.requests().filter((r) => r.signals.c_seq?.[0] === 'once').length, { timeout: 10_000 }).toBeGreaterThan(0);
  // The resend was answered before `ready` above settled; the held call is the one just seen.
  await dcsQuiet(sites.dcs);
  // Measured: 2 (the held call, and the reloaded frame's call with the same signals).
  expect(sites.dcs.requests().filter((r) => r.signals.c_seq?.[0] === 'once')).toHaveLength(1);
});
