import { DEMO_PROVIDER_DPID, type MockDcs } from '@audience-relay/mock-dcs';
import { expect, test } from './fixtures';

/** Waits until the frame's ID sync with the content provider reached the DCS. */
async function waitForSync(dcs: MockDcs): Promise<void> {
  const synced = () => dcs.profiles().some((p) => (p.syncedIds as Record<string, string>)[DEMO_PROVIDER_DPID] !== undefined);
  await expect.poll(synced, { timeout: 5000 }).toBe(true);
}

test('a real-time content provider segment reaches the publisher page', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  await expect(page.getByTestId('segments')).toHaveText('5001, 5002');
  // The frame fired the provider's ID sync (ibs); the provider redirected it back to the DCS.
  await waitForSync(sites.dcs);

  await page.reload();
  await expect(page.getByTestId('status')).toHaveText('fresh');
  // 5005 qualifies only through trait 1005, whose rule reads the provider's segments.
  await expect(page.getByTestId('segments')).toHaveText('5001, 5002, 5005');
  await expect(page.getByTestId('traits')).toHaveText('1001, 1002, 1005');
});

test('when the provider times out, the page still gets its other segments in time', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  await waitForSync(sites.dcs);

  sites.provider.setDelay(5000);
  const started = Date.now();
  await page.reload();
  // The page's ready deadline is 1500 ms; the provider's timeout is 300 ms.
  await expect(page.getByTestId('status')).toHaveText('fresh', { timeout: 1500 });
  await expect(page.getByTestId('segments')).toHaveText('5001, 5002');
  expect(Date.now() - started).toBeLessThan(3000);
  expect(sites.dcs.requests().at(-1)?.errors).toContain(10);
});
