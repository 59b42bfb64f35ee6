// attack9: the opt-out holds by three records: the tag's marker (`ar_optout_<partner>` in the page
// origin's localStorage), the frame's (its storage, per site) and the DCS's (its cookie, or the
// device ID it opted out by d_uuid). Where the browser blocks third-party cookies and site data
// (Chrome's setting; the QA kit's `blocked` profile) only the first is left: the frame has no
// storage and the DCS no cookie. The site's own code then undoes the visitor's opt-out without
// knowing it: a sign-out that empties localStorage (`localStorage.clear()`, the common idiom;
// `Clear-Site-Data: "storage"`) removes the marker with the app's data, and with it the
// device-ID copy the DCS opted out. The next page calls the DCS again with its signals, gets a
// NEW device ID (a new profile the opt-out never covered) and applies its segments.
import { expect, test } from './fixtures';

type Relay = (...args: unknown[]) => Promise<unknown>;

async function optOutThenSignOut({ page, sites }: { page: import('@playwright/test').Page; sites: import('./fixtures').Sites }): Promise<{ status: string; calls: number }> {
  await page.goto(`${sites.publisher.url}/publisher/`);
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 10_000 }));
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('optOut'));
  // Control: the next page load is opted out.
  await page.reload();
  expect(await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 3000 }).then((r) => (r as { status: string }).status))).toBe('opted-out');
  // The site's sign-out, on this origin.
  await page.evaluate(() => localStorage.clear());
  const before = sites.dcs.requests().filter((r) => r.path.startsWith('/event')).length;
  await page.reload();
  const status = await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 5000 }).then((r) => (r as { status: string }).status));
  return { status, calls: sites.dcs.requests().filter((r) => r.path.startsWith('/event')).length - before };
}

test.describe('blocked profile', () => {
  test.use({ browserProfile: 'blocked' });
  // Fixed (session j) in opt-out-marker.ts: a host-only cookie backs the marker up, read once where the device-ID copy is missing too.
  test("third-party site data blocked: a sign-out page clearing localStorage does not undo the visitor's opt-out", async ({ page, sites }) => {
    // On ffbc4a0: { status: 'fresh', calls: 1 } (the page's signals, under a new device ID).
    expect(await optOutThenSignOut({ page, sites })).toEqual({ status: 'opted-out', calls: 0 });
  });
});

// Holds today (control): with the frame's storage, the frame remembers the opt-out for the site.
test("third-party site data allowed: a sign-out page clearing localStorage does not undo the visitor's opt-out", async ({ page, sites }) => {
  expect((await optOutThenSignOut({ page, sites })).status).toBe('opted-out');
});
