import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

// The strict-CSP example is served with nonce-only scripts and Trusted Types enforced
// (examples/server.mjs, docs/csp.md). Everything must work with no violation reported.
test('strict CSP with Trusted Types: segments arrive, the outputs bundle loads, no violation', async ({ page, sites }) => {
  const violations: string[] = [];
  await page.exposeFunction('__reportViolation', (v: string) => void violations.push(v));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __reportViolation(v: string): void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));

  const response = await page.goto(`${sites.publisher.url}/qa/strict-csp.html`);
  const csp = response!.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("require-trusted-types-for 'script'");
  expect(csp).toMatch(/script-src 'nonce-[^']+';/);

  await expect(page.getByTestId('status')).toHaveText('fresh');
  await expect(page.getByTestId('segments')).toHaveText('5001');
  // The outputs bundle ran (it loaded through the snippet's policy and nonce).
  await expect(page.getByTestId('data-layer')).toHaveText('1');
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});

test('the plain snippet (snippet.min.js) on that page is refused by Trusted Types: nothing throws into the page, every call settles, the console says why', async ({ page, sites }) => {
  const errors: string[] = [];
  const console: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && console.push(message.text())));
  const dist = (file: string): string => readFileSync(new URL(`../packages/tag/dist/${file}`, import.meta.url), 'utf8').trim();
  // Paste the wrong snippet on the way to the browser: it then assigns a plain string as the tag's URL.
  await page.route('**/qa/strict-csp.html', async (route) => {
    // Node cannot resolve *.localhost the way Chromium does: fetch from the loopback address.
    const response = await route.fetch({ url: route.request().url().replace('publisher.localhost', '127.0.0.1') });
    const body = await response.text();
    expect(body).toContain(dist('snippet-tt.min.js'));
    await route.fulfill({ response, body: body.replace(dist('snippet-tt.min.js'), () => dist('snippet.min.js')) });
  });
  await page.goto(`${sites.publisher.url}/qa/strict-csp.html`);
  await expect(page.getByTestId('status')).toHaveText('blocked');
  await expect(page.getByTestId('error')).toHaveText('TAG_BLOCKED: [audience-relay] the tag did not load');
  // Every call settles at once, not by a deadline: a minute-long ready, and a signals call.
  const [ready, signals] = await page.evaluate(() => {
    const relay = (window as unknown as { audienceRelay(...a: unknown[]): Promise<{ status: string }> }).audienceRelay;
    return Promise.all([relay('ready', { timeoutMs: 60_000 }).then((r) => r.status), relay('signals', { c_a: 1 }).then(String, (e: Error) => e.message)]);
  });
  expect(ready).toBe('blocked');
  expect(signals).toBe('[audience-relay] the tag did not load');
  // The browser names the Trusted Types refusal, and we say what it means.
  expect(console.some((text) => text.includes('TrustedScriptURL'))).toBe(true);
  expect(console).toContain('[audience-relay] the tag did not load');
  expect(errors).toEqual([]);
  expect(sites.dcs.requests()).toEqual([]);
});
