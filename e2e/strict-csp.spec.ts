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

test('the same page without data-tt-policy would be refused: Trusted Types is really enforced', async ({ page, sites }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Drop the attribute on the way to the browser: the snippet then assigns a plain string.
  await page.route('**/qa/strict-csp.html', async (route) => {
    // Node cannot resolve *.localhost the way Chromium does: fetch from the loopback address.
    const response = await route.fetch({ url: route.request().url().replace('publisher.localhost', '127.0.0.1') });
    await route.fulfill({ response, body: (await response.text()).replace(' data-tt-policy="audience-relay"', '') });
  });
  await page.goto(`${sites.publisher.url}/qa/strict-csp.html`);
  await expect.poll(() => errors.join('\n')).toMatch(/TrustedScriptURL/);
  expect(sites.dcs.requests()).toEqual([]);
});
