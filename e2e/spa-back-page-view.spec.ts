// New-user trial 6: a single-page app with `autoPageView: true` that sets its route's signals
// where its router renders (a click handler after pushState, and a popstate listener for the
// Back button, as React Router and most routers do). Forward, the route's signals go out in the
// page view's call (one event call, with d_url and c_section). Back, they do not: the tag
// sends the page view alone (only d_url) and the route's signals in a second call without the
// URL, so every Back costs the DCS two calls and a trait that reads both keys never matches.
// Cause: the tag hears a traversal from the Navigation API's currententrychange and queues its
// page view in a microtask, which the browser runs before it dispatches popstate (a separate
// event); pushState's currententrychange fires inside the page's own script, so the microtask
// runs after it.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const site = 'http://spa-back.localhost';

// Fixed: a route change's page view stays open, and unsent, to the end of its task (queue.ts
// `untilTask`), so the router's popstate signals join it.
test('Back in an SPA: the route signals set in popstate go in the page view\'s one event call, as they do going forward', async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  await page.route(`${site}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>SPA</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        '<script>',
        `audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', autoPageView: true });`,
        "function render() { audienceRelay('signals', { c_section: location.pathname.slice(1) || 'home' }); }",
        "addEventListener('popstate', render);",
        "document.addEventListener('click', (e) => { const a = e.target.closest('a'); if (!a) return; e.preventDefault(); history.pushState({}, '', a.href); render(); });",
        'render();',
        '</script>',
        '<a href="/sports" id="sports">Sports</a> <a href="/news" id="news">News</a>',
      ].join('\n'),
    }),
  );
  const calls = () => sites.dcs.requests().map((r) => ({ url: r.signals.d_url?.[0] ?? null, section: r.signals.c_section?.[0] ?? null }));
  await page.goto(`${site}/home`);
  await expect.poll(calls).toEqual([{ url: `${site}/home`, section: 'home' }]);
  await page.click('#sports');
  await page.click('#news');
  // Forward: each route is one call with its URL and its section.
  await expect.poll(calls).toEqual([
    { url: `${site}/home`, section: 'home' },
    { url: `${site}/sports`, section: 'sports' },
    { url: `${site}/news`, section: 'news' },
  ]);
  await page.goBack();
  // The route's signal reaches the DCS either way: wait for it, then look at what came with it.
  await expect.poll(() => calls().slice(3).some((call) => call.section === 'sports')).toBe(true);
  expect(calls().slice(3)).toEqual([{ url: `${site}/sports`, section: 'sports' }]);
});
