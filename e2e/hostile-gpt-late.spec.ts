import { demoConfig } from '@audience-relay/mock-dcs';
import { expect, test } from './fixtures';

// A repeat visit where GPT loads after the DCS has answered: on real pages GPT often takes a
// second or more (a consent wait, lazy loading), the DCS a few hundred ms. The README promises
// that the cached segments are applied at once and that fresh segments replace them when the DCS
// answers. (Outside review, branch attack4; packages/tag/test/hostile/gpt-queue-stale.test.ts
// has the unit version.)
test.describe('hostile: GPT that loads after the fresh answer', () => {
  test.beforeEach(({ sites }) => sites.dcs.setConfig(demoConfig([sites.publisher.url])));

  // Fixed in packages/tag/src/outputs/lazy.ts: the early GPT command (cached segments) and the
  // outputs bundle's command each waited in googletag.cmd; the early one, first in the queue,
  // never heard the fresh segments and ran after the bundle's: the first ad request carried
  // last visit's segments. It now hears every update.
  test("the first ad request carries this visit's fresh segments when they came before GPT", async ({ page, sites }) => {
    await page.goto(`${sites.publisher.url}/ad-stack/`);
    await expect(page.getByTestId('status')).toHaveText('fresh');

    // The next visit qualifies one more segment, so fresh differs from cached; the DCS takes
    // 1.5 s (time for the outputs bundle to load from the browser's cache first), and GPT's
    // implementation waits until the page has its fresh segments.
    const config = demoConfig([sites.publisher.url]);
    config.partners.acme!.segments = [...(config.partners.acme!.segments ?? []), { id: 5099, name: 'Repeat visitor', rule: '1001T >= 2' }];
    sites.dcs.setConfig(config);
    sites.dcs.injectFault({ count: 1, latencyMs: 1500 });
    let releaseGpt: () => void = () => {};
    const gptHeld = new Promise<void>((resolve) => (releaseGpt = resolve));
    await page.route('**/stand-ins/gpt-impl.js', async (route) => {
      await gptHeld;
      await route.continue();
    });

    // Not 'load': the held GPT script holds the page's load event.
    await page.reload({ waitUntil: 'commit' });
    // The outputs bundle runs while the page still has the cached segments only.
    await page.waitForFunction(() => (window as unknown as Record<symbol, unknown>)[Symbol.for('audience-relay.outputs')] !== undefined);
    await expect(page.getByTestId('segments')).toHaveText('5001, 5002 (cached)');
    await expect(page.getByTestId('segments')).toHaveText('5001, 5002, 5099 (fresh)');
    releaseGpt();
    await expect.poll(async () => (await page.evaluate(() => (window as unknown as { __adRequests?: unknown[] }).__adRequests ?? [])).length).toBeGreaterThan(0);
    const [first] = await page.evaluate(() => (window as unknown as { __adRequests: Array<{ page: Record<string, string[]> }> }).__adRequests);
    // Before the fix: ['5001', '5002'], the cached segments.
    expect(first!.page['aud']).toEqual(['5001', '5002', '5099']);
  });
});
