import { diagnose, waitForHandshake } from '@audience-relay/testing';
import { expect, test, type Sites } from './fixtures';

// When the frame never says hello, diagnose() names the cause the browser lets it see.

const scenario = (sites: Sites, query: string) => `${sites.publisher.url}/qa/scenario.html?connectTimeoutMs=1000${query}`;

test('a page whose origin the DCS does not allow: diagnose names the origin and allowedOrigins', async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins = ['http://elsewhere.localhost:4999'];
  sites.dcs.setConfig(config);
  await page.goto(scenario(sites, ''));
  await expect(page.getByTestId('status')).toHaveText('blocked');
  const diagnosis = await diagnose(page);
  expect(diagnosis.ok).toBe(false);
  expect(diagnosis.reasons[0]?.code).toBe('origin-not-allowed');
  expect(diagnosis.summary).toContain(`This page's origin ${sites.publisher.url} is not among the DCS's allowed origins`);
  expect(diagnosis.summary).toContain('allowedOrigins: http://elsewhere.localhost:4999');
  expect(diagnosis.summary).toContain('partners.acme.allowedOrigins');
});

test("the page's CSP blocks the frame: diagnose says frame-src, not allowedOrigins", async ({ page, sites }) => {
  await page.goto(scenario(sites, `&csp=${encodeURIComponent("frame-src 'none'")}`));
  await expect(page.getByTestId('status')).toHaveText('blocked');
  const diagnosis = await diagnose(page);
  expect(diagnosis.reasons[0]?.code).toBe('csp-frame-src');
  expect(diagnosis.summary).toContain(`add ${sites.dcs.url} to its frame-src`);
});

test("the page's CSP blocks the frame: diagnose says so while the connection still waits, not at connectTimeoutMs", async ({ page, sites }) => {
  // A 30 s connect deadline: only the browser's CSP report can tell within the 5 s below.
  await page.goto(`${sites.publisher.url}/qa/scenario.html?connectTimeoutMs=30000&csp=${encodeURIComponent("frame-src 'none'")}`);
  await expect.poll(async () => (await diagnose(page)).reasons[0]?.code, { timeout: 5000 }).toBe('csp-frame-src');
  expect((await diagnose(page)).summary).toContain(`add ${sites.dcs.url} to its frame-src`);
  // The relay itself still waits: diagnose told it before the deadline did.
  const snapshot = (await page.evaluate(() => (window as unknown as { audienceRelay(name: 'snapshot'): unknown }).audienceRelay('snapshot'))) as { frame: string };
  expect(snapshot.frame).toBe('connecting');
});

test('the tag itself blocked (an ad blocker): the kit diagnoses instead of throwing', async ({ page, sites }) => {
  await page.route('**/audience-relay.js', (route) => route.abort('blockedbyclient'));
  await page.goto(scenario(sites, ''));
  await expect(page.getByTestId('status')).toHaveText('blocked');
  const diagnosis = await diagnose(page);
  expect(diagnosis.reasons[0]?.code).toBe('tag-not-loaded');
  expect(diagnosis.summary).toContain(`The tag did not load from ${sites.dcs.url}/audience-relay.js`);
  expect(diagnosis.summary).toContain('net::ERR_BLOCKED_BY_CLIENT');
});

// (New-user trial: the kit said "net::ERR_FAILED" for a 404, and waitForHandshake gave a bare
// Playwright timeout for the commonest mistake, a page origin the DCS does not allow.)
test('the tag answered 404: the kit names the status, not the CORS error that follows it', async ({ page, sites }) => {
  await page.route('**/audience-relay.js', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto(scenario(sites, ''));
  await expect(page.getByTestId('status')).toHaveText('blocked');
  const diagnosis = await diagnose(page);
  expect(diagnosis.reasons[0]?.code).toBe('tag-not-loaded');
  expect(diagnosis.summary).toContain('the server answered HTTP 404');
});

test('waitForHandshake on a page whose origin the DCS does not allow: the error says why', async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins = ['http://elsewhere.localhost:4999'];
  sites.dcs.setConfig(config);
  await page.goto(scenario(sites, ''));
  await expect(page.getByTestId('status')).toHaveText('blocked');
  const error = await waitForHandshake(page, { timeoutMs: 500 }).then(() => null, (e: Error) => e);
  expect(error?.message).toMatch(/^no event call from the frame within 500 ms: This page's origin .* is not among the DCS's allowed origins/);
});

// New-user trial 2: a frame on a CDN (deploying.md) behind the CSP csp.md gave (connect-src
// naming the DCS only). diagnose() fetches the frame URL to read its allowed origins; the
// page's connect-src refuses that fetch, and the diagnosis blamed a DCS that is up.
// Fixed in probe-frame.ts: a read the page's connect-src refused is csp-refused, not unreachable.
test("the page's connect-src refuses diagnose's read of the frame: it says so, not that the DCS is down", async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins = ['http://elsewhere.localhost:4999'];
  sites.dcs.setConfig(config);
  await page.goto(scenario(sites, `&timeoutMs=5000&csp=${encodeURIComponent("connect-src 'self'")}`));
  await expect(page.getByTestId('status')).toHaveText('blocked');
  const diagnosis = await diagnose(page);
  expect(diagnosis.summary).not.toContain('the DCS is down');
  expect(diagnosis.summary).toContain('connect-src');
});
