// Soak, session n: each back/forward-cache restore handed the old segments to the outputs again.
// The restored page's data layer already holds its `audience-relay.segments` event, so a GTM
// trigger on it fired once more per Back (101 events for 1 DCS call after 100 restores, each
// saying `cached: false` with the first answer's traits and identity), the DOM event too. Now a
// restore hands the segments to the page's API listeners only (relay.ts onRestore).
// Playwright turns the back/forward cache off (--disable-back-forward-cache): this test launches
// its own Chromium without that switch, and goes back with history.back().
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { launchOptions } from '@audience-relay/testing';
import { expect, test } from './fixtures';
import { servePages } from './page-server';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

test('three restores from the back/forward cache: the API listeners hear the segments each time, the data layer and the DOM event get them once', async ({ sites }) => {
  const site = await servePages(sites, 'site');
  const { origin, pages } = site;
  pages['/article.html'] = `<!doctype html><meta charset="utf-8"><title>loading</title>
<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>
  var heard = 0, domEvents = 0, restores = 0;
  document.addEventListener('audience-relay:segments', function () { domEvents++; });
  addEventListener('pageshow', function (event) { if (event.persisted) restores++; });
  audienceRelay('config', ${JSON.stringify({ partner: 'acme', dcs: sites.dcs.url, timeoutMs: 5000, outputs: { dataLayer: true, domEvent: true } })});
  audienceRelay('signals', { c_section: 'sports' });
  audienceRelay('on', 'segments', function () {
    heard++;
    var layer = (window.dataLayer || []).filter(function (item) { return item && item.event === 'audience-relay.segments'; }).length;
    document.title = 'restores ' + restores + ' heard ' + heard + ' dataLayer ' + layer + ' dom ' + domEvents;
  });
</script>`;
  pages['/other.html'] = '<!doctype html><meta charset="utf-8"><title>other</title><p>another page of the site</p>';
  const browser = await chromium.launch({ ...launchOptions(), ignoreDefaultArgs: ['--disable-back-forward-cache'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/article.html`);
    await expect(page).toHaveTitle('restores 0 heard 1 dataLayer 1 dom 1');
    for (let i = 1; i <= 3; i++) {
      await page.goto(`${origin}/other.html`);
      await page.evaluate(() => history.back());
      // The listener heard the restore (the page came from the cache: a reload would say restores 0);
      // before the fix: 'dataLayer 2 dom 2' after the first, and so on.
      await expect(page).toHaveTitle(`restores ${i} heard ${i + 1} dataLayer 1 dom 1`, { timeout: 10000 });
    }
    // One DCS call for the one page view.
    expect(sites.dcs.requests().filter((r) => r.path.startsWith('/event'))).toHaveLength(1);
  } finally {
    await browser.close();
    await site.close();
  }
});
