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

test('a clobbered document (named elements over document.cookie, currentScript, createElement, addEventListener): the tag still works and throws nothing into the page', async ({ page, sites }) => {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${sites.publisher.url}/qa/clobbered.html`);
  await expect(page.getByTestId('status')).toHaveText('fresh');
  await expect(page.getByTestId('segments')).toHaveText(/5001/);
  // The device-ID copy was written (in localStorage, read here through the real accessors).
  await expect.poll(() => page.evaluate(() => Storage.prototype.getItem.call(Object.getOwnPropertyDescriptor(window, 'localStorage')!.get!.call(window) as Storage, 'ar_uuid_acme'))).toMatch(/^\d{38}\|\d+$/);
  expect(errors).toEqual([]);
});

test('values and page views sent in separate ticks while a call is in flight all reach the DCS, in order, each page view its own call', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  // The page's first call answered (on a busy machine later than the page's own deadline).
  await page.evaluate(() => (window as unknown as { audienceRelay: (...args: unknown[]) => Promise<unknown> }).audienceRelay('ready', { timeoutMs: 10000 }));
  await expect.poll(() => sites.dcs.requests().length).toBe(1);
  const before = sites.dcs.requests().length;
  await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay: (...args: unknown[]) => Promise<unknown> }).audienceRelay;
    // A microtask apart: the first call is in flight (sent in the microtask after it) by the
    // time the second command comes, and stays so for the rest, which come within one task.
    const tick = () => Promise.resolve();
    for (const n of ['1', '2', '3']) {
      void relay('signals', { c_probe: n });
      await tick();
      void relay('pageView', { url: `${location.origin}/route/${n}` });
      await tick();
    }
    await relay('ready', { timeoutMs: 10000 });
  });
  await expect.poll(() => sites.dcs.requests().length - before, { timeout: 10000 }).toBe(6);
  const calls = sites.dcs.requests().slice(before).map((c) => {
    const query = new URL(c.path, 'http://x').searchParams;
    return [c.signals.c_probe?.[0] ?? null, query.get('d_url')?.replace(/^.*\/route\//, '') ?? null];
  });
  expect(calls).toEqual([
    ['1', null],
    [null, '1'],
    ['2', null],
    [null, '2'],
    ['3', null],
    [null, '3'],
  ]);
});
