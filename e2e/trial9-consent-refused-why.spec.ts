// New-user trial 9: a TCF page where the visitor accepted everything, yet `ready` settles
// no-consent. diagnose() says only "The page's consent management platform refused: ...
// (where GDPR applies, TCF purposes 1 and 10 and the DCS's vendor are needed)", whichever
// the cause: the DCS's vendor (565) missing from the CMP's vendor list (a common CMP set-up
// gap: the fix is in the CMP's configuration, or `consent.vendorId` for another DCS), or a
// publisher restriction the site's own CMP config sets for vendor 565 (new this release:
// consent.md), which no developer looking at "accept all" would think of. The snapshot's
// consent says only `denied`; the tag read which part was missing and threw it away.
import { readFileSync } from 'node:fs';
import { tcString } from '@audience-relay/mock-dcs';
import { diagnose, waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const site = 'http://consent-why.localhost:47197';

const cmp = (vendors: Record<string, boolean>, restrictions: Record<string, Record<string, number>>): string => `
  window.__tcfapi = function (command, version, callback) {
    if (command !== 'addEventListener') return;
    callback({ eventStatus: 'tcloaded', gdprApplies: true, listenerId: 1, cmpStatus: 'loaded',
      tcString: ${JSON.stringify(tcString({ purposes: [1, 2, 3, 4, 10], vendors: Object.keys(vendors).map(Number) }))},
      purpose: { consents: { 1: true, 2: true, 3: true, 4: true, 10: true }, legitimateInterests: {} },
      vendor: { consents: ${JSON.stringify(vendors)}, legitimateInterests: {} },
      publisher: { consents: {}, legitimateInterests: {}, customPurpose: { consents: {}, legitimateInterests: {} }, restrictions: ${JSON.stringify(restrictions)} } }, true);
  };`;

async function summaryFor(page: import('@playwright/test').Page, dcs: string, script: string): Promise<string> {
  await page.route(`${site}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body:
        `<!doctype html><title>CMP</title><script>${script}</script><script data-src="${dcs}/audience-relay.js">${snippet}</script>` +
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${dcs}' });</script>`,
    }),
  );
  await page.goto(`${site}/`);
  expect((await waitForSegments(page, { timeoutMs: 1500 })).status).toBe('no-consent');
  return (await diagnose(page)).summary;
}

// Fixed (session j) in debug/tcf-refusal.ts: diagnose asks the CMP which part of its answer refused.
test('every purpose granted, vendor 565 not in the CMP: diagnose() names the vendor', async ({ page, sites }) => {
  expect(await summaryFor(page, sites.dcs.url, cmp({ 1: true, 2: true }, {}))).toContain('vendor 565');
});

// Fixed (session j) in debug/tcf-refusal.ts: diagnose asks the CMP which part of its answer refused.
test("visitor's consent complete, the publisher restricts vendor 565 on purpose 1: diagnose() names the restriction", async ({ page, sites }) => {
  expect(await summaryFor(page, sites.dcs.url, cmp({ 565: true }, { 1: { 565: 0 } }))).toMatch(/restrict/i);
});
