import { dcsQuiet } from '@audience-relay/testing';
import { expect, test } from './fixtures';

type Relay = (...args: unknown[]) => Promise<unknown>;

test('an iframe moved in the DOM (as frameworks re-parent nodes) makes the boot call once: the first page view is counted once at the DCS', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 10000 }));
  await expect.poll(() => sites.dcs.requests().length).toBe(1);

  await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
    const reconnected = new Promise((resolve) => void relay('on', 'reconnected', resolve));
    // Moving the element reloads the frame from its src, boot fragment included.
    const frame = document.querySelector('iframe[title="audience-relay"]');
    if (!frame) throw new Error('no frame');
    const box = document.createElement('div');
    document.body.append(box);
    box.append(frame);
    await reconnected;
    void relay('signals', { c_after: 'moved' });
    await relay('ready', { timeoutMs: 10000 });
  });
  // The reloaded frame starts any boot call before it says hello, so before the later call:
  // once that call is in and the DCS is quiet, every call of the page has arrived.
  await expect.poll(() => sites.dcs.requests().some((r) => r.signals.c_after?.[0] === 'moved'), { timeout: 10000 }).toBe(true);
  await dcsQuiet(sites.dcs);
  const views = sites.dcs.requests().filter((r) => !r.signals.c_after);
  expect(views).toHaveLength(1);
  expect(sites.dcs.requests()).toHaveLength(2);
});
