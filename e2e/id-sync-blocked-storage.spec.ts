// Where the browser blocks third-party cookies and site data (Chrome's "Block third-party
// cookies" setting, the default of its Incognito windows; the QA kit's `blocked` profile), the
// frame fires every ID sync again on every event call: its record of syncs made (the `dextp`
// record, "each at most once per its TTL", id-syncs.ts) lives in the frame's localStorage, which
// a cross-site frame has none of there, so every answer's `ibs` looks new. An SPA making a call
// per route change or signal sends each partner's sync pixel (with the device ID) each time: 10
// syncs are 10 partner requests per call. Adobe's clients keep that record first-party (Visitor
// API's MCSYNCSOP field in the publisher's AMCV cookie), so they do not. Found by
// bench/soak-tabs-consent.mjs (TABS_SOAK_PROFILE=blocked): 373 sync requests for a sync with
// a 1-minute TTL in 120 s (3 in the `allowed` profile).
// Outside review (fidelity7).
// lead: fix in packages/frame/src/main.ts (syncs.storage is null here) or packages/frame/src/id-syncs.ts —
// e.g. a record kept in the frame's memory when storage is unavailable (once per frame load), or
// one the tag keeps first-party and hands the frame, as Visitor API does.
import { expect, test } from './fixtures';

type Relay = (...args: unknown[]) => Promise<unknown>;

test.use({ browserProfile: 'blocked' });

test('third-party storage blocked: an ID sync fires once for the page, not on every event call', async ({ page, sites }) => {
  test.fail(true, 'lead: fix in packages/frame/src/main.ts / id-syncs.ts (the sync record needs the frame storage that is blocked here)');
  const config = sites.demo();
  config.partners.acme!.idSyncs = [{ id: 900, dpid: 900, url: '//sync.localhost/pixel?uid=${DD_UUID}', ttlMinutes: 60 }];
  sites.dcs.setConfig(config);
  const fired: string[] = [];
  await page.context().route('http://sync.localhost/**', async (route) => {
    fired.push(route.request().url());
    await route.fulfill({ status: 200, contentType: 'image/gif', body: '' });
  });
  await page.goto(`${sites.publisher.url}/publisher/`);
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 10_000 }));
  await expect.poll(() => fired.length).toBe(1);
  // Three more event calls on the same page (an SPA's signals), each answered with the same ibs.
  for (const section of ['golf', 'tennis', 'news']) {
    await page.evaluate(async (value) => {
      const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
      await relay('signals', { c_section: value });
      await relay('ready', { timeoutMs: 5000 });
    }, section);
  }
  expect(sites.dcs.requests().filter((r) => r.path.startsWith('/event')).length).toBeGreaterThanOrEqual(4);
  // Give a wrongly fired sync time to arrive before counting. Measured: 4 (one per call).
  await page.waitForTimeout(300);
  expect(fired).toHaveLength(1);
});
