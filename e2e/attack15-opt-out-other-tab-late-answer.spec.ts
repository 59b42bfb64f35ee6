// Outside review, branch atk15. The visitor opts out on one host of a site (www.) while an event
// call of a page on another host of the same site (shop.) is still in flight. The opting-out
// frame writes its opt-out marker (`<partner>:optout`) in the frame's storage, which is one for
// every host of the site (main.ts: "a visitor who opted out on www. is opted out on shop. too"),
// and clears what it stored (ID sync record, remembered device IDs). The shop. tag cannot know
// (its marker is a first-party cookie of its own host; no `storage` event crosses hosts), and
// its frame looks at the shared marker only when its next call starts (main.ts knownOptedOut):
// the answer already in flight was checked against the frame's in-memory flag alone
// (`optedOut: () => optedOut`). So the late answer fired its ID syncs (the visitor's device ID
// to the partner) and wrote the sync record again that the opt-out had just cleared.
// Observable: the shop. frame's ID sync record in the shared storage after the late answer, and
// its tag's `ready`: the frame now refuses the late answer with OPTED_OUT, so the tag hears of
// the opt-out, gives no segments and stops too (it said `fresh` before).
import type { ConsoleMessage } from '@playwright/test';
import { expect } from './fixtures';
import { test } from './hostile-lab';

test('an answer in flight on another host of the site when the visitor opts out fires no ID sync and writes no record', async ({ openLab, page, sites }) => {
  const calls = `audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 8000 }).then(function (r) { setTimeout(function () { report('ready ' + r.status); }); });`;
  // www.: the page whose privacy link the visitor will use; its own call is answered at once.
  const www = await openLab({ calls });
  await www.reported('ready fresh');
  const lab = new URL(page.url());
  const shopOrigin = `${lab.protocol}//shop.${lab.host}`;
  const config = sites.demo();
  for (const partner of Object.values(config.partners)) partner.allowedOrigins = [...(partner.allowedOrigins ?? []), lab.origin, shopOrigin];
  sites.dcs.setConfig(config);
  // www.'s opt-out pixels reach the DCS only once the test lets them (a slow way there).
  let release = (): void => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/demoptout.jpg*', async (route) => {
    await held;
    await route.continue();
  });

  // shop.: the same site; its event call is held on its way to the DCS until the visitor has
  // opted out on www. (within the frame's 4 s deadline), so its answer comes after the opt-out
  // however slow the machine (a fixed DCS delay raced the opt-out on a busy machine).
  let answer = (): void => {};
  const answerHeld = new Promise<void>((resolve) => (answer = resolve));
  const shop = await page.context().newPage();
  await shop.route('**/event?*', async (route) => {
    await answerHeld;
    await route.continue();
  });
  const reports: string[] = [];
  shop.on('console', (message: ConsoleMessage) => void (message.text().startsWith('lab: ') && reports.push(message.text().slice(5))));
  const syncs: number[] = [];
  shop.on('request', (request) => {
    if (new URL(request.url()).pathname === '/sync') syncs.push(Date.now());
  });
  const shopCall = shop.waitForRequest((request) => new URL(request.url()).pathname === '/event');
  await shop.goto(`${shopOrigin}/`, { waitUntil: 'domcontentloaded' });
  await shopCall;

  // The visitor opts out on www. while shop.'s call is in flight: www.'s frame marks the shared storage.
  const optingOut = page.evaluate(() => (window as unknown as { audienceRelay(c: string): Promise<unknown> }).audienceRelay('optOut'));
  const shopFrame = shop.frames().find((f) => f.url().includes('/frame.html'))!;
  await expect.poll(() => shopFrame.evaluate(() => localStorage.getItem('acme:optout'))).toBe('1');
  const optedOut = Date.now();
  expect(await shopFrame.evaluate(() => localStorage.getItem('acme:audience-relay:ibs'))).toBeNull();
  // shop.'s answer has not come: its tag is still waiting.
  expect(reports).toEqual([]);

  // shop.'s answer lands, after the opt-out, and its tag hears it.
  answer();
  await expect.poll(() => reports.find((r) => r.startsWith('ready ')), { timeout: 10000 }).toBeTruthy();
  // Its tag hears of the opt-out from its frame: no segments, and it stops too.
  expect(reports).toEqual(['ready opted-out']);
  // main: the shop. frame fired ID sync 411 (/sync?uuid=<device ID>) and wrote its record again.
  // Its tag removes it (opted out); then the record is read in the site's storage through a
  // frame of the same origin on www. (one storage for every host of the site).
  await expect.poll(() => shopFrame.isDetached()).toBe(true);
  const wwwFrame = page.frames().find((f) => f.url().includes('/frame.html'))!;
  const record = await wwwFrame.evaluate(() => new Promise((resolve) => setTimeout(() => resolve(localStorage.getItem('acme:audience-relay:ibs')))));
  expect(record).toBeNull();
  expect(syncs.filter((at) => at > optedOut)).toEqual([]);
  // www.'s opt-out settles once its pixels may go (awaited: a call still pending as the test
  // ends fails it).
  release();
  await optingOut;
});
