import type { Page } from '@playwright/test';
import { demoConfig } from '@audience-relay/mock-dcs';
import { diagnose } from '@audience-relay/testing';
import { expect, test } from './fixtures';

// The debug tools (diagnose, the panel) are a separate bundle, loaded only when asked for.


function recordDebugBundle(page: Page): string[] {
  const loads: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/audience-relay-debug.js') loads.push(request.url());
  });
  return loads;
}

test('?audience-relay-debug opens the panel: diagnosis, consent, identity, segments and each call with timing', async ({ page, sites }) => {
  const loads = recordDebugBundle(page);
  await page.goto(`${sites.publisher.url}/publisher/?audience-relay-debug`);
  const panel = page.getByTestId('debug-panel');
  await expect(panel.getByTestId('debug-summary')).toHaveText('2 fresh segments: 5001, 5002.');
  await expect(panel.getByTestId('debug-consent')).toHaveText('granted · no TCF CMP');
  await expect(panel.getByTestId('debug-frame')).toHaveText(`connected · ${sites.dcs.url}`);
  await expect(panel.getByTestId('debug-identity')).toContainText('partitioned');
  await expect(panel.getByTestId('debug-segments')).toHaveText('5001, 5002');
  const calls = panel.getByTestId('debug-call');
  await expect(calls).toHaveCount(1);
  // An event call on the port, not the boot call: the page gives a private signal (p_age), which
  // never rides in the frame URL's fragment (it stays in the page's DOM and Resource Timing).
  await expect(calls.first()).toHaveText(/^#1 event · \d+ ms · c_section=sports; c_tag=football,transfers; p_age=\(private\); url http:\/\/publisher\.localhost:\d+\/publisher\/ → 5001, 5002 \(traits 1001, 1002\) · identity new$/);
  expect(loads).toHaveLength(1);
  expect(loads[0]).toMatch(/\/audience-relay-debug\.js\?v=[0-9a-f]{12}$/);

  // A later call shows up live.
  await page.evaluate(() => (window as unknown as { audienceRelay(...a: unknown[]): Promise<unknown> }).audienceRelay('traits', [1004]));
  await expect(calls).toHaveCount(2);
  await expect(calls.nth(1)).toHaveText(/^#2 event · \d+ ms · d_sid=1004 → /);

  await panel.getByRole('button', { name: 'Close the debug panel' }).click();
  await expect(panel).toHaveCount(0);
});

test('without asking, the debug bundle is never loaded', async ({ page, sites }) => {
  const loads = recordDebugBundle(page);
  await page.goto(`${sites.publisher.url}/publisher/`);
  await expect(page.getByTestId('status')).toHaveText(/^fresh/);
  await page.waitForTimeout(300);
  expect(loads).toEqual([]);
  await expect(page.locator('[data-audience-relay-debug]')).toHaveCount(0);
});

test('diagnose says why segments are empty: consent refused, frame blocked, no rule matched', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/consent/?cmp=refused`);
  await expect(page.getByTestId('status')).toHaveText('no-consent');
  expect((await diagnose(page)).reasons[0]?.code).toBe('no-consent');

  await page.goto(`${sites.publisher.url}/qa/scenario.html?connectTimeoutMs=500&csp=${encodeURIComponent("frame-src 'none'")}`);
  await expect(page.getByTestId('status')).toHaveText('blocked');
  const blocked = await diagnose(page);
  // The page's own CSP (frame-src 'none') refused the frame: the diagnosis names it (issue 15).
  expect(blocked).toMatchObject({ ok: false, reasons: [{ code: 'csp-frame-src' }] });
  expect(blocked.summary).toContain('frame.html');

  const config = demoConfig([sites.publisher.url]);
  config.partners.acme!.traits = config.partners.acme!.traits.map((trait) => (trait.rule ? { ...trait, rule: 'c_section == "golf"' } : trait));
  sites.dcs.setConfig(config);
  await page.goto(`${sites.publisher.url}/qa/scenario.html`);
  await expect(page.getByTestId('status')).toHaveText('fresh');
  const nothing = await diagnose(page);
  expect(nothing.ok).toBe(false);
  // First the reason, then context: Chromium partitions the frame's storage, as in production.
  expect(nothing.reasons.map((r) => r.code)).toEqual(['no-rule-matched', 'partitioned']);
});

test('the panel works under the strict CSP with Trusted Types (nonce and policy passed on)', async ({ page, sites }) => {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${sites.publisher.url}/qa/strict-csp.html`);
  await expect(page.getByTestId('status')).toHaveText('fresh');
  await page.evaluate(() => (window as unknown as { audienceRelay(name: string): Promise<unknown> }).audienceRelay('debug'));
  await expect(page.getByTestId('debug-summary')).toHaveText('1 fresh segment: 5001.');
  expect(errors).toEqual([]);
});
