// attack16 (outside review): consent changing between the frame's mount and its connect.
//
// The tag reads the page's privacy signals into the first event call when it mounts the frame
// (event-calls.ts `boot()`), and sent those params, unchanged, once the frame connected: as the
// `boot` request that claims the boot call's answer (a first visit: the call is in the frame's
// URL), or as the first call on the port (a repeat visit: a device-ID copy is never put in the
// URL). A US Privacy CMP loaded after the tag (async, or by a tag manager: the usual order) is
// found within 200 ms, usually before frame.html has loaded; a visitor who opted out of sale on
// an earlier visit then gets `1YYN` from it. The tag knew it before the frame connected, and
// still:
// - first visit: claimed the boot answer as unrestricted, so the frame fired its ID sync (the
//   visitor's device ID to the content provider) and the tag wrote its cookie destination;
// - repeat visit: made the page's first event call with no `us_privacy` at all, unrestricted
//   (the DCS never heard the opt-out on that call; the frame fired the ID sync again).
// Fixed: the first call carries the privacy signals as they are when it goes (event-calls.ts);
// the frame takes the boot answer for a `boot` request whose params differ only in them, and
// applies that request's restriction (no ID syncs, URL destinations or cookie destinations).
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { test } from './hostile-lab';

/** A US Privacy CMP that appears after the tag started (`config` ran), answering `1YYN`. */
const CALLS = `
  audienceRelay('signals', { c_section: 'sports' }).then(function () {
    window.__uspapi = function (command, version, callback) {
      if (command !== 'getUSPData') return callback(null, false);
      report('usp asked');
      callback({ version: 1, uspString: '1YYN' }, true);
    };
  });
  audienceRelay('ready', { timeoutMs: 8000 }).then(function (r) {
    report('ready ' + r.status + ' ' + (r.error ? r.error.code : '-') + ' ' + r.segments.join(','));
  });`;

/** frame.html waits until the tag has read the late CMP (within its 200 ms look-up), as on a slow network. */
async function holdFrameUntilCmpRead(page: Page): Promise<void> {
  const asked = new Promise<void>((resolve) => page.on('console', (m) => void (m.text() === 'lab: usp asked' && resolve())));
  await page.route((url) => url.pathname === '/frame.html', async (route) => {
    await asked;
    await route.continue();
  });
}

function recordSyncs(page: Page): string[] {
  const syncs: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.hostname === 'provider.localhost' && url.pathname === '/sync') syncs.push(r.url());
  });
  return syncs;
}

/** The frame has run the task after its answer was claimed (where it fires ID syncs). */
async function frameTaskPassed(page: Page): Promise<void> {
  const frame = page.frames().find((f) => f.url().includes('/frame.html'));
  expect(frame, 'the frame is mounted').toBeTruthy();
  await frame!.evaluate(() => new Promise((resolve) => setTimeout(() => setTimeout(resolve))));
}

test('first visit: a US opt-out of sale read before the frame connected keeps the boot answer from partners', async ({ openLab, page, sites }) => {
  await holdFrameUntilCmpRead(page);
  const syncs = recordSyncs(page);
  const lab = await openLab({ waitUntil: 'domcontentloaded', calls: CALLS });
  expect(await lab.reported(/^ready /)).toMatch(/^ready fresh - 5001/);
  // The page view went once, as the boot call (from the frame's URL: before the CMP was read).
  expect(sites.dcs.requests().filter((r) => r.path.startsWith('/event'))).toHaveLength(1);
  await frameTaskPassed(page);
  // Before the fix: the content provider's sync (provider.localhost/sync?uuid=…) and the
  // cookie destination aud_seg.
  expect(syncs).toEqual([]);
  expect(await page.evaluate(() => document.cookie)).not.toContain('aud_seg');
  expect(lab.ourErrors()).toEqual([]);
});

test('repeat visit: the first event call, made after the CMP was read, carries its US opt-out of sale', async ({ openLab, page, sites }) => {
  await holdFrameUntilCmpRead(page);
  const syncs = recordSyncs(page);
  const lab = await openLab({
    waitUntil: 'domcontentloaded',
    // A device-ID copy from an earlier visit: the first call goes on the port, not in the URL.
    hostile: `localStorage.setItem('ar_uuid_acme', '${'7'.repeat(38)}|' + Date.now());`,
    calls: CALLS,
  });
  expect(await lab.reported(/^ready /)).toMatch(/^ready fresh - 5001/);
  const events = sites.dcs.requests().filter((r) => r.path.startsWith('/event'));
  expect(events).toHaveLength(1);
  // Before the fix: no us_privacy at all (the params of when the frame was mounted).
  expect(new URL(events[0]!.path, 'http://x').searchParams.get('us_privacy')).toBe('1YYN');
  await frameTaskPassed(page);
  expect(syncs).toEqual([]);
  expect(await page.evaluate(() => document.cookie)).not.toContain('aud_seg');
  expect(lab.ourErrors()).toEqual([]);
});
