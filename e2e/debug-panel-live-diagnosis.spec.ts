// New-user trial (trial5): the README's answer to "why no segments?" is `?audience-relay-debug`:
// the panel "shows the diagnosis" and "follows the relay live". On a page whose own CSP blocks
// the frame (no frame-src for the DCS) the panel says "The DCS frame (…) is loading; no call
// has gone out yet" and keeps saying it (6.5 s and more, past connectTimeoutMs), while
// diagnose(), asked at the same moment, says "The page's CSP blocked the frame (…): add … to
// its frame-src". Same with a DCS that is down (panel: loading; diagnose(): frame-unreachable).
// The person looking at the panel is told to wait.
// Fixed (session g) in packages/tag/src/debug/panel.ts (show diagnose()'s answer, probe included, and
// refresh it when the frame fails).
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

test("a frame blocked by the page's CSP: the debug panel says so, as diagnose() does", async ({ page, sites }) => {
  const site = 'http://csp-panel.localhost';
  const dcs = sites.dcs.url;
  await page.route(`${site}/sports/?audience-relay-debug`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'Content-Security-Policy': `default-src 'self'; script-src 'nonce-n0nce' ${dcs}/audience-relay.js ${dcs}/audience-relay-outputs.js ${dcs}/audience-relay-debug.js; connect-src ${dcs}` },
      body: [
        '<!doctype html><title>Sports</title>',
        `<script nonce="n0nce" data-src="${dcs}/audience-relay.js">${snippet}</script>`,
        `<script nonce="n0nce">audienceRelay('config', { partner: 'acme', dcs: '${dcs}' }); audienceRelay('signals', { c_section: 'sports' });</script>`,
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/sports/?audience-relay-debug`);
  const summary = page.getByTestId('debug-panel').getByTestId('debug-summary');
  await expect(summary).toBeVisible();
  // diagnose() names the cause at once (debugging.md: csp-frame-src, not at connectTimeoutMs).
  await expect.poll(async () => (await page.evaluate(() => (window as unknown as { audienceRelay: (c: string) => Promise<{ reasons: Array<{ code: string }> }> }).audienceRelay('diagnose'))).reasons[0]?.code).toBe('csp-frame-src');
  await expect(summary).toContainText('frame-src', { timeout: 8000 });
});
