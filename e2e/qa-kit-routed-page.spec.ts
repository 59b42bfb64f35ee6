// The QA kit (packages/testing) with a page the test serves itself through Playwright's
// `page.route` (route.fulfill), as QA teams often do instead of running a web server. Chromium
// gives a fulfilled page no IP address, so it counts as public; its requests to the mock DCS
// on loopback then fell under Local Network Access and were refused ("Permission was denied
// for this request to access the `loopback` address space"), and the kit's diagnosis said
// the tag did not load: check the DCS, CSP, ad blockers (new-user trial). In production the
// page and the DCS are both public, so the kit's browser turns that check off.
import { readFileSync } from 'node:fs';
import { diagnose, waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

test('a page served by page.route gets its segments from the kit\'s mock DCS', async ({ page, sites }) => {
  const site = 'http://routed.localhost';
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  await page.route(`${site}/sports/`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Sports</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}' }); audienceRelay('signals', { c_section: 'sports' });</script>`,
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/sports/`);
  const result = await waitForSegments(page, { timeoutMs: 5000 });
  expect(result.status, (await diagnose(page)).summary).toBe('fresh');
  expect(result.segments).toContain('5001');
});
