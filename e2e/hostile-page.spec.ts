import { expect, test } from './fixtures';

test('a hostile page: polluted prototypes, patched globals, look-alike messages, the snippet twice', async ({ page, sites }) => {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  const tagLoads: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/audience-relay.js')) tagLoads.push(r.url());
  });
  await page.goto(`${sites.publisher.url}/qa/hostile.html`);

  await expect(page.getByTestId('status')).toHaveText('fresh');
  await expect(page.getByTestId('segments')).toHaveText('5001');
  // A later call still goes over our own port: the forged connects did not take it over.
  // (5005 may join: the provider sync of the first call can complete in between.)
  await expect(page.getByTestId('second')).toHaveText(/^fresh: 5001/);
  await page.waitForTimeout(300);
  await expect(page.getByTestId('intruder')).toHaveText('0');
  expect(tagLoads).toHaveLength(1);
  // Two event calls, each carrying exactly what the page gave (Array.prototype.toJSON and
  // the patched JSON did not corrupt the structured-clone wire).
  const calls = sites.dcs.requests();
  expect(calls.map((c) => c.signals.c_tag)).toEqual([['a', 'b'], ['second']]);
  expect(errors).toEqual([]);
});
