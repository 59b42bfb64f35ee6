// A cookie destination with no Cookie Domain (`"dmn": ""`, Audience Manager's default) is
// written by the tag for the page's host only. Audience Manager documents a blank Cookie Domain
// as "set a cookie on all domains. This is the default setting" ("Optional Settings for Cookie
// Destinations": blank sets it on sports.com, golf.sports.com and baseball.sports.com), and DIL
// writes it with `Domain=` the page's domain without its `www.` (dil.js defaultCallback:
// `u = r.dmn || "." + document.domain.replace(/^www\./, "")`). A site migrating from DIL whose
// other hosts (shop., m., an ad server's subdomain) read the segment cookie set on www. stops
// getting it; docs/dcs-protocol.md says "blank → current domain", and docs/migration-from-dil.md
// lists no such difference. Outside review (soak11).
// Fixed (session k) in packages/tag/src/outputs/cookies.ts: a blank `dmn` is written as DIL does,
// Domain=<host without a leading www.>, and recorded like any Domain cookie.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const site = 'http://www.blank-dmn.localhost';

test('a cookie destination with a blank domain reaches the site\'s other hosts, as DIL writes it', async ({ page, context, sites }) => {
  const config = sites.demo();
  const acme = config.partners.acme!;
  acme.allowedOrigins.push(site);
  // No `domain`: mock-dcs answers `"dmn": ""`, as for a destination with a blank Cookie Domain.
  acme.cookieDestinations = [{ name: 'aud_seg', ttlDays: 30, key: 'seg', segments: { 5001: '5001' } }];
  sites.dcs.setConfig(config);
  await page.route(`${site}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Blank cookie domain</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        '<script>',
        `audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}' });`,
        "audienceRelay('signals', { c_section: 'sports' });",
        "window.result = audienceRelay('ready', { timeoutMs: 10000 });",
        '</script>',
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/`);
  const result = await page.evaluate(() => (window as unknown as { result: Promise<{ status: string; segments: string[] }> }).result);
  expect(result.status).toBe('fresh');
  expect(result.segments).toContain('5001');
  const ours = async () => (await context.cookies(site)).filter((c) => c.name === 'aud_seg').map((c) => c.domain);
  // Written, on www. (so the failure below is about its domain, not a missing cookie).
  await expect.poll(ours, { timeout: 2000 }).toHaveLength(1);
  // Measured: ['www.blank-dmn.localhost'] (host-only); DIL: ['.blank-dmn.localhost'].
  expect(await ours()).toEqual(['.blank-dmn.localhost']);
  expect((await context.cookies('http://shop.blank-dmn.localhost')).map((c) => c.name)).toContain('aud_seg');
});
