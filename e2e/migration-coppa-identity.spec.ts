// New-user trial 6: docs/migration-from-dil.md mapped DIL's `disableIDSyncs` to `coppa: true`.
// A site migrating literally (DIL configured without ID syncs, a common privacy setting) then
// loses the device identity too: under COPPA the DCS sets no cookie and the tag keeps no copy,
// so each page view is a new device (four loads: four uuids, four profiles) and a segment over
// visits (the demo's 5004, "1001T >= 3") never qualifies. The doc now says so, and maps
// disableIDSyncs to nothing (syncs run inside the DCS frame already).
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const doc = readFileSync(new URL('../docs/migration-from-dil.md', import.meta.url), 'utf8');
const site = 'http://dil-migration.localhost';

/** Loads the sports page `times` times in one browser profile; the uuid and segments of each load. */
async function visits(page: Page, dcsUrl: string, coppa: boolean, times: number): Promise<Array<{ uuid: string | null; segments: string[] }>> {
  await page.route(`${site}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Sports</title>',
        `<script data-src="${dcsUrl}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${dcsUrl}', timeoutMs: 5000, coppa: ${coppa} }); audienceRelay('signals', { c_section: 'sports' });</script>`,
      ].join('\n'),
    }),
  );
  const seen = [];
  for (let i = 0; i < times; i++) {
    await page.goto(`${site}/sports/`);
    const result = await page.evaluate(() => (window as unknown as { audienceRelay: (c: string) => Promise<{ status: string; uuid: string | null; segments: string[] }> }).audienceRelay('ready'));
    expect(result.status).toBe('fresh');
    seen.push({ uuid: result.uuid, segments: result.segments });
  }
  return seen;
}

test('DIL disableIDSyncs: the migration guide does not send it to coppa, which makes every page view a new device', async ({ page, sites }) => {
  const row = doc.split('\n').find((line) => line.startsWith('| `disableIDSyncs`'));
  expect(row, 'the guide has a row for disableIDSyncs').toBeDefined();
  expect(row).toMatch(/Not `coppa: true`/);
  expect(row).toMatch(/new device/);
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  // What the row warns of, as it happens: four loads under coppa, four devices, no 5004.
  const coppa = await visits(page, sites.dcs.url, true, 4);
  expect(new Set(coppa.map((v) => v.uuid)).size).toBe(4);
  expect(coppa.at(-1)!.segments).not.toContain('5004');
  // Without it (nothing set for disableIDSyncs): one device, and 5004 from the third load.
  await page.context().clearCookies();
  const plain = await visits(page, sites.dcs.url, false, 3);
  expect(new Set(plain.map((v) => v.uuid)).size).toBe(1);
  expect(plain.at(-1)!.segments).toContain('5004');
});
