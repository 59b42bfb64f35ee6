import type { Page } from '@playwright/test';
import { demoConfig } from '@audience-relay/mock-dcs';
import { expect, recordEventCalls, test } from './fixtures';

interface AdRequest {
  slot: string;
  page: Record<string, string[]>;
  slotTargeting: Record<string, string[]>;
}
interface Auction {
  ortb2: { user?: { data?: Array<{ name: string; ext?: { segtax: number }; segment: Array<{ id: string }> }> } };
}

const adRequests = (page: Page) => page.evaluate(() => (window as unknown as { __adRequests?: AdRequest[] }).__adRequests ?? []);
const auctions = (page: Page) => page.evaluate(() => (window as unknown as { __auctions?: Auction[] }).__auctions ?? []);
const pageTargeting = (page: Page, key: string) =>
  page.evaluate((k) => (window as unknown as { googletag: { pubads(): { getTargeting(k: string): string[] } } }).googletag.pubads().getTargeting(k), key);

test.describe('ad stack: GPT and Prebid stand-ins with the real APIs\' shapes', () => {
  // Without the demo's real-time content provider, whose segment 5005 arrives on its own schedule.
  test.beforeEach(({ sites }) => sites.dcs.setConfig(demoConfig([sites.publisher.url])));

  test('a repeat visit sets cached targeting before the first ad request; fresh segments then replace it; other keys are untouched', async ({ page, sites }) => {
    await page.goto(`${sites.publisher.url}/ad-stack/`);
    await expect(page.getByTestId('status')).toHaveText('fresh');
    // First visit: nothing cached, so the first ad request carries our key only if the fresh
    // segments beat GPT (the boot call often makes them), and then exactly those…
    const [first] = await adRequests(page);
    expect(first?.page['section']).toEqual(['sports']);
    expect([undefined, ['5001', '5002']]).toContainEqual(first?.page['aud']);
    // …and the fresh segments were set for the next ones, at page and slot level.
    expect(await pageTargeting(page, 'aud')).toEqual(['5001', '5002']);

    // The DCS now qualifies another segment on the next visit, so fresh differs from cached.
    const config = demoConfig([sites.publisher.url]);
    config.partners.acme!.segments = [...(config.partners.acme!.segments ?? []), { id: 5099, name: 'Repeat visitor', rule: '1001T >= 2' }];
    sites.dcs.setConfig(config);

    await page.reload();
    await expect.poll(async () => (await adRequests(page)).length).toBeGreaterThan(0);
    const [repeat] = await adRequests(page);
    // The first ad request of the repeat visit already carries the cached segments at page
    // level (our command ran first in googletag.cmd, before the page defined its slot).
    // (Cached, or already this visit's fresh ones when the DCS beat GPT: never none.)
    expect(repeat).toEqual({ slot: 'div-top', at: expect.any(Number), page: { aud: expect.anything(), section: ['sports'] }, slotTargeting: {} });
    expect([['5001', '5002'], ['5001', '5002', '5099']]).toContainEqual(repeat!.page['aud']);
    await expect(page.getByTestId('status')).toHaveText('fresh');
    await expect(page.getByTestId('segments')).toHaveText('5001, 5002, 5099 (fresh)');
    expect(await pageTargeting(page, 'aud')).toEqual(['5001', '5002', '5099']);
    // Fresh segments also reach the configured slot, for its next ad request.
    const slotAud = await page.evaluate(() =>
      (window as unknown as { googletag: { pubads(): { getSlots(): Array<{ getTargeting(k: string): string[] }> } } }).googletag.pubads().getSlots()[0]!.getTargeting('aud'),
    );
    expect(slotAud).toEqual(['5001', '5002', '5099']);
    // Only our key was ever set or cleared.
    const keys = await page.evaluate(() =>
      (window as unknown as { __gptLog: unknown[][] }).__gptLog.map((call) => (call[1] && typeof call[1] === 'object' ? Object.keys((call[1] as { targeting: object }).targeting) : [call[1]])),
    );
    expect(new Set(keys.flat())).toEqual(new Set(['aud', 'section']));
    expect(await pageTargeting(page, 'section')).toEqual(['sports']);
  });

  test('Prebid gets one ortb2.user.data entry of ours, replaced by name, next to other vendors\' entries', async ({ page, sites }) => {
    await page.goto(`${sites.publisher.url}/ad-stack/`);
    await expect(page.getByTestId('status')).toHaveText('fresh');
    await page.reload();
    await expect(page.getByTestId('status')).toHaveText('fresh');
    await expect.poll(async () => (await auctions(page)).length).toBe(1);
    const [auction] = await auctions(page);
    // The page's auction waits for ready({ timeoutMs: 300 }): on the repeat visit it has our entry.
    expect(auction?.ortb2.user?.data).toContainEqual({ name: 'dcs.example', ext: { segtax: 600 }, segment: [{ id: '5001' }, { id: '5002' }] });
    // Fresh segments replaced our entry, by name: still one entry of ours.
    await expect(page.getByTestId('segments')).toHaveText('5001, 5002 (fresh)');
    const data = await page.evaluate(() => (window as unknown as { pbjs: { getConfig(p: string): unknown } }).pbjs.getConfig('ortb2.user.data'));
    expect(data).toEqual([
      { name: 'other-vendor.example', segment: [{ id: 'x1' }] },
      { name: 'dcs.example', ext: { segtax: 600 }, segment: [{ id: '5001' }, { id: '5002' }] },
    ]);
    // The segment cookie for server-side ad requests, and the dataLayer event.
    const cookies = await page.context().cookies(sites.publisher.url);
    expect(cookies.find((c) => c.name === 'aud_seg')?.value).toBe('5001|5002');
    const layer = await page.evaluate(() => (window as unknown as { dataLayer: Array<{ event: string; cached: boolean }> }).dataLayer.map((e) => `${e.event}:${e.cached}`));
    expect(layer).toEqual(['audience-relay.segments:true', 'audience-relay.segments:false']);
  });

  test('two partners on one page stay separate: one frame, one event call and one GPT key each', async ({ page, sites }) => {
    const config = demoConfig([sites.publisher.url]);
    config.partners.beta = {
      allowedOrigins: [sites.publisher.url],
      traits: [{ id: 1001, name: 'Sports section', rule: 'c_section == "sports"' }],
      segments: [{ id: 6001, name: 'Beta sports', rule: '1001T' }],
    };
    sites.dcs.setConfig(config);
    const calls = recordEventCalls(page);
    await page.goto(`${sites.publisher.url}/ad-stack/two-partners.html`);
    await expect(page.getByTestId('acme')).toHaveText(/^fresh: 5001/);
    await expect(page.getByTestId('beta')).toHaveText('fresh: 6001');
    await expect(page.locator('iframe[title="audience-relay"]')).toHaveCount(2);
    expect(calls.map((c) => new URL(c.url()).hostname).sort()).toEqual(['beta.dcs.localhost', 'dcs.localhost']);
    await expect.poll(() => pageTargeting(page, 'beta_aud')).toEqual(['6001']);
    expect(await pageTargeting(page, 'aud')).toEqual(['5001']);
  });
});

test('SPA: a History API route change sends a new event call with the new URL and its signals', async ({ page, sites }) => {
  const calls = recordEventCalls(page);
  await page.goto(`${sites.publisher.url}/spa/`);
  await expect(page.getByTestId('segments')).toHaveText('5001');
  await page.getByRole('link', { name: 'Golf' }).click();
  await expect(page.getByTestId('route')).toHaveText('/spa/golf');
  // c_tag=golf with no p_age qualifies trait 1003 and segment 5003 (golf enthusiasts).
  await expect(page.getByTestId('segments')).toContainText('5003');
  expect(calls.map((c) => new URL(c.url()).searchParams.get('d_url'))).toEqual([`${sites.publisher.url}/spa/`, `${sites.publisher.url}/spa/golf`]);
  expect(new URL(calls[1]!.url()).searchParams.get('c_tag')).toBe('golf');
});

// New-user trial 2: after clicking Golf the address bar says /spa/golf; reloading it (or opening
// the link in a new tab) answered 404 from the example server.
test('SPA: a route reloaded, or opened in a new tab, is the app on that route', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/spa/`);
  await page.getByRole('link', { name: 'Golf' }).click();
  await expect(page.getByTestId('route')).toHaveText('/spa/golf');
  const response = await page.reload();
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId('route')).toHaveText('/spa/golf');
  // The app runs there: the tag gives it segments (this repeat visit's cached ones, or fresh).
  await expect(page.getByTestId('segments')).toContainText('5001');
});
