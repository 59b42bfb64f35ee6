// New-user trial 6: a publisher's article shown inside another site's iframe (an aggregator, a
// syndication partner, a CMS preview, an AMP-style viewer). The page's own origin is allowed,
// but `frame-ancestors` checks every ancestor, so the browser refuses the DCS frame ("Framing
// … violates … frame-ancestors" on the console) and nothing connects. diagnose() said first
// "The DCS frame … is loading; no call has gone out yet" and after connectTimeoutMs "The frame
// is served and allows this page: an ad blocker …, or a frame script error": neither names
// the cause, the outer site, which the tag can read from location.ancestorOrigins.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const publisher = 'http://framed-article.localhost';
const outer = 'http://aggregator.localhost';

// Fixed in packages/tag/src/debug/diagnose.ts: an ancestor origin the frame does not allow is named (ancestor-not-allowed).
test('a page inside another site\'s iframe: diagnose names the outer site that frame-ancestors refuses', async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(publisher);
  sites.dcs.setConfig(config);
  await page.route(`${outer}/**`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Aggregator</title><iframe src="${publisher}/article/" width="800" height="600"></iframe>` }));
  await page.route(`${publisher}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Article</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', connectTimeoutMs: 1500 }); audienceRelay('signals', { c_section: 'sports' });</script>`,
      ].join('\n'),
    }),
  );
  await page.goto(`${outer}/`);
  const article = page.frames().find((frame) => frame.url().startsWith(publisher))!;
  // ready settles once the connect deadline has passed: the diagnosis then has all it can see.
  const result = await article.evaluate(() => (window as unknown as { audienceRelay: (c: string, o: object) => Promise<{ status: string }> }).audienceRelay('ready', { timeoutMs: 3000 }));
  expect(result.status).toBe('blocked');
  const diagnosis = await article.evaluate(() => (window as unknown as { audienceRelay: (c: string) => Promise<{ summary: string }> }).audienceRelay('diagnose'));
  expect(diagnosis.summary).toContain(outer);
});
