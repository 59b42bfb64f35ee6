import type { Page } from '@playwright/test';
import { expect, test, type Sites } from './fixtures';

// Whatever fails, every `ready` settles by its deadline with a status that says what
// happened, no exception reaches the page, and the page keeps working.

const scenario = (sites: Sites, query = '') => `${sites.publisher.url}/qa/scenario.html${query}`;

interface Settled {
  status: string;
  error: string;
  elapsed: number;
}

async function settled(page: Page): Promise<Settled> {
  await expect(page.getByTestId('status')).not.toHaveText('waiting…', { timeout: 10000 });
  return {
    status: (await page.getByTestId('status').textContent()) ?? '',
    error: (await page.getByTestId('error').textContent()) ?? '',
    elapsed: Number(await page.getByTestId('elapsed').textContent()),
  };
}

let pageErrors: Error[] = [];
test.beforeEach(({ page }) => {
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
});
test.afterEach(async ({ page }) => {
  // The page still works: its own script runs and the DOM answers.
  expect(await page.evaluate(() => document.title)).toBe('audience-relay QA scenario');
  expect(pageErrors).toEqual([]);
});

test('DCS slower than the deadline: timeout, by the deadline', async ({ page, sites }) => {
  sites.dcs.injectFault({ latencyMs: 3000 });
  await page.goto(scenario(sites, '?timeoutMs=800'));
  const result = await settled(page);
  expect(result.status).toBe('timeout');
  expect(result.error).toMatch(/^CALL_TIMEOUT/);
  expect(result.elapsed).toBeLessThan(800 + 700);
});

for (const [name, fault] of [
  ['answers HTTP 500', { status: 500 }],
  ['answers a body that is not JSON', { malformedBody: true }],
  // Chromium retries an idempotent GET once on a dropped connection: drop every attempt.
  ['drops the connection', { dropConnection: true, count: 5 }],
] as const) {
  test(`DCS ${name}: error, DCS_ERROR`, async ({ page, sites }) => {
    sites.dcs.injectFault(fault);
    await page.goto(scenario(sites));
    const result = await settled(page);
    expect(result.status).toBe('error');
    expect(result.error).toMatch(/^DCS_ERROR/);
  });
}

test('DCS answers 429 once: the frame retries, and the page gets fresh segments', async ({ page, sites }) => {
  sites.dcs.injectFault({ status: 429, count: 1 });
  await page.goto(scenario(sites));
  expect((await settled(page)).status).toBe('fresh');
  expect(sites.dcs.requests().map((r) => r.status)).toEqual([429, 200]);
});

test('DCS refuses connections: error', async ({ page, sites }) => {
  await page.route(`${sites.dcs.url}/event*`, (route) => route.abort('connectionrefused'));
  await page.goto(scenario(sites));
  const result = await settled(page);
  expect(result.status).toBe('error');
  expect(result.error).toMatch(/^DCS_ERROR/);
});

test('frame answers 404: blocked, by the connect deadline', async ({ page, sites }) => {
  await page.route(`${sites.dcs.url}/frame.html`, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(scenario(sites, '?timeoutMs=5000&connectTimeoutMs=1000'));
  const result = await settled(page);
  expect(result.status).toBe('blocked');
  expect(result.error).toMatch(/^CONNECTION_TIMEOUT/);
  expect(result.elapsed).toBeLessThan(1000 + 1000);
});

test('the tag script is blocked (an extension, the network): ready settles blocked at once, not by its deadline', async ({ page, sites }) => {
  await page.route('**/audience-relay.js', (route) => route.abort('blockedbyclient'));
  await page.goto(scenario(sites));
  const result = await settled(page);
  expect(result.status).toBe('blocked');
  expect(result.error).toBe('TAG_BLOCKED: [audience-relay] the tag did not load');
  expect(result.elapsed).toBeLessThan(900);
  // A later call settles at once too.
  const later = await page.evaluate(() => (window as unknown as { audienceRelay(...a: unknown[]): Promise<{ status: string }> }).audienceRelay('ready', { timeoutMs: 5000 }));
  expect(later.status).toBe('blocked');
  expect(sites.dcs.requests()).toEqual([]);
});

test('the tag script never arrives: ready settles blocked by its deadline', async ({ page, sites }) => {
  await page.route('**/audience-relay.js', () => {});
  // The hanging script holds the load event back: wait for the DOM only.
  await page.goto(scenario(sites), { waitUntil: 'domcontentloaded' });
  const result = await settled(page);
  expect(result.status).toBe('blocked');
  // The scenario's `ready` has no options before the tag: the snippet's default 1 s deadline.
  expect(result.elapsed).toBeGreaterThanOrEqual(1000);
  expect(result.elapsed).toBeLessThan(1000 + 700);
});

test('the QA scenario links: ?fault=slow and ?fault=down make the page server inject the fault', async ({ page, sites }) => {
  await page.goto(scenario(sites, '?fault=slow&timeoutMs=800'));
  expect((await settled(page)).status).toBe('timeout');
  // The slow call finishes (3 s) before the next page, so nothing spills into the next test.
  await expect.poll(() => sites.dcs.requests().length, { timeout: 5000 }).toBe(1);
  await page.goto(scenario(sites, '?fault=down'));
  const down = await settled(page);
  expect([down.status, down.error.split(':')[0]]).toEqual(['error', 'DCS_ERROR']);
});

test("the host page's CSP blocks the frame (frame-src): blocked", async ({ page, sites }) => {
  await page.goto(scenario(sites, `?timeoutMs=5000&connectTimeoutMs=1000&csp=${encodeURIComponent("frame-src 'none'")}`));
  expect((await settled(page)).status).toBe('blocked');
  expect(sites.dcs.requests()).toEqual([]);
});

test('offline after load: a later call settles as error; back online, fresh again', async ({ page, context, sites }) => {
  await page.goto(scenario(sites));
  expect((await settled(page)).status).toBe('fresh');
  const again = () =>
    page.evaluate(async () => {
      const relay = (window as unknown as { audienceRelay(...a: unknown[]): Promise<{ status: string }> }).audienceRelay;
      await relay('signals', { c_tag: 'later' });
      return (await relay('ready', { timeoutMs: 6000 })).status;
    });
  await context.setOffline(true);
  expect(await again()).toBe('error');
  await context.setOffline(false);
  expect(await again()).toBe('fresh');
});

test("a nonce-only script-src: the snippet passes its nonce to the tag, and segments arrive", async ({ page, sites }) => {
  const csp = `script-src 'nonce-r4nd0m'; frame-src ${sites.dcs.url}`;
  await page.goto(scenario(sites, `?csp=${encodeURIComponent(csp)}`));
  expect((await settled(page)).status).toBe('fresh');
});

test("script-src with 'strict-dynamic': the tag loads through the trusted snippet", async ({ page, sites }) => {
  const csp = `script-src 'nonce-r4nd0m' 'strict-dynamic'; frame-src ${sites.dcs.url}`;
  await page.goto(scenario(sites, `?csp=${encodeURIComponent(csp)}`));
  expect((await settled(page)).status).toBe('fresh');
});
