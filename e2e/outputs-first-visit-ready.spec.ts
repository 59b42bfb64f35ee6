// New-user trial (trial5): a publisher gates the Prebid auction on the tag, as the README's
// `ready` and examples/ad-stack do: `audienceRelay('ready').then(() => pbjs.que.push(() =>
// pbjs.requestBids(…)))`. On a first visit (nothing cached) `ready` resolves `fresh` with the
// segments, but the CDN tag loads its outputs bundle only once the first segments are there,
// so at that moment Prebid has no `ortb2.user.data` entry of ours (nor the dataLayer event or
// the segment cookie): the first auction of every new visitor goes out without audience data,
// though the page was told the segments were fresh. (GPT is spared: the tag sets it itself.)
// The repeat visit is fine (e2e/ad-stack.spec.ts checks that one only).
// Fixed (session g) in packages/tag/src/outputs/lazy.ts (ready waits for the configured outputs to be
// applied, within its deadline, or Prebid is applied by the tag as GPT is).
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

type Auction = { ortb2: { user?: { data?: Array<{ name: string }> } } };

test("first visit: the auction run when ready() says fresh carries the segments to Prebid", async ({ page, sites }) => {
  const site = 'http://first-visit.localhost';
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  await page.route(`${site}/sports/`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Sports</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        '<script>',
        `audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', outputs: { prebid: { name: 'dcs.example', segtax: 600 } } });`,
        "audienceRelay('signals', { c_section: 'sports' });",
        'window.pbjs = window.pbjs || { que: [] };',
        "audienceRelay('ready', { timeoutMs: 10000 }).then((r) => { window.__ready = r; pbjs.que.push(() => pbjs.requestBids({})); });",
        '</script>',
        `<script async src="${sites.publisher.url}/stand-ins/prebid.js"></script>`,
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/sports/`);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __auctions?: Auction[] }).__auctions?.length ?? 0)).toBe(1);
  const ready = await page.evaluate(() => (window as unknown as { __ready: { status: string; segments: string[] } }).__ready);
  expect(ready.status).toBe('fresh');
  expect(ready.segments).toContain('5001');
  const [auction] = await page.evaluate(() => (window as unknown as { __auctions: Auction[] }).__auctions);
  expect(auction!.ortb2.user?.data?.map((entry) => entry.name)).toContain('dcs.example');
});
