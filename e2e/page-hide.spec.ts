import { expect, test } from './fixtures';

// Calls still queued when the page goes away are not lost: the tag sends each as a
// fire-and-forget call (a keepalive fetch, a form POST to /event) from the page itself,
// in order (issue 21: queued calls are never merged).

const relay = (page: import('@playwright/test').Page, ...args: unknown[]) =>
  page.evaluate((a) => (window as unknown as { audienceRelay(...x: unknown[]): Promise<unknown> }).audienceRelay(...a), args);

test('the frame never loaded: the queued page view and the later signals go out as beacons, in order, when the page is left', async ({ page, sites }) => {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  // The frame hangs: nothing can go through it.
  await page.route('**/frame.html', () => {});
  // The hanging frame holds the load event back: wait for the DOM only.
  await page.goto(`${sites.publisher.url}/qa/scenario.html?timeoutMs=300&connectTimeoutMs=30000`, { waitUntil: 'domcontentloaded' });
  await expect(page.getByTestId('status')).toHaveText('timeout');
  await relay(page, 'signals', { c_exit: 'checkout' });
  expect(sites.dcs.requests()).toEqual([]);

  await page.goto('about:blank');
  await expect.poll(() => sites.dcs.requests().length).toBe(2);
  const beacons = sites.dcs.requests();
  expect(beacons.map((b) => b.method)).toEqual(['POST', 'POST']);
  // Sent in order; two beacons in flight at once may reach the DCS in either order.
  expect(beacons.map((b) => [b.signals.c_section?.[0] ?? null, b.signals.c_exit?.[0] ?? null]).sort()).toEqual([
    ['sports', null],
    [null, 'checkout'],
  ].sort());
  expect(errors).toEqual([]);
});

test('hidden mid-call: the call in flight is not sent twice, the signals given after it go out as the beacon', async ({ page, sites }) => {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${sites.publisher.url}/qa/scenario.html`);
  await expect(page.getByTestId('status')).toHaveText('fresh');
  // The next call is slow: it is in flight when the page goes.
  sites.dcs.injectFault({ latencyMs: 1500 });
  await relay(page, 'signals', { c_step: 'one' });
  await expect.poll(() => sites.dcs.requests().length, { timeout: 500 }).toBe(1);
  await relay(page, 'signals', { c_step: 'two' });
  await page.goto('about:blank');
  await expect.poll(() => sites.dcs.requests().map((r) => r.signals['c_step']?.[0] ?? 'first')).toEqual(['first', 'two', 'one']);
  expect(sites.dcs.requests().filter((r) => r.method === 'POST').map((r) => r.signals['c_step'])).toEqual([['two']]);
  expect(errors).toEqual([]);
});

test('without consent, nothing goes out when the page is left', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/consent/?cmp=late`);
  await expect(page.getByTestId('status')).toHaveText('no-consent');
  await relay(page, 'signals', { c_exit: 'checkout' });
  await page.goto('about:blank');
  await page.waitForTimeout(500);
  expect(sites.dcs.requests()).toEqual([]);
});
