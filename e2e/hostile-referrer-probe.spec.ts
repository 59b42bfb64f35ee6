// A new member of the Referer class (e2e/hostile-referrer-leak.spec.ts, attack4): the iframe,
// the tag script, the bundles and the page-hide call carry `strict-origin`, so a page whose own
// policy is `unsafe-url` (ad-funded sites) sends its hosts no query string. The debug tools'
// probe does not: while the frame has not connected, diagnose() (and the debug panel, every
// second, opened by any link with #audience-relay-debug) GETs the frame URL with the page's
// fetch and no referrer policy of its own (packages/tag/src/debug/probe-frame.ts), so the DCS
// (or the frame's CDN) logs the page's whole URL: an e-mail address, a reset token.
// lead: fix in packages/tag/src/debug/probe-frame.ts (referrerPolicy: 'strict-origin' on both fetches)
import { expect } from './fixtures';
import { test } from './hostile-lab';

test.fail("diagnose()'s probe of the frame sends the DCS no query string on an unsafe-url page", async ({ openLab, page }) => {
  // The frame document never comes (a slow DCS edge): the relay stays connecting, and the probe
  // (a fetch, not the iframe's navigation) goes out.
  await page.route('**/frame.html*', (route) => (route.request().resourceType() === 'document' ? undefined : route.continue()));
  const probe = page.waitForRequest((request) => new URL(request.url()).pathname === '/frame.html' && request.resourceType() === 'fetch');
  const lab = await openLab({
    headers: { 'Referrer-Policy': 'unsafe-url' },
    // The page's URL has what such pages' URLs have.
    hostile: `history.replaceState(null, '', '/account/reset?email=alice%40example.com&token=8f14e45fceea167a');`,
    waitUntil: 'domcontentloaded',
    calls: `audienceRelay('diagnose').then(function (d) { report('diagnose ' + d.reasons[0].code); }, function (e) { report('diagnose rejected ' + e); });`,
  });
  const referer = (await (await probe).allHeaders())['referer'] ?? '';
  await lab.reported(/^diagnose /);
  // main: 'http://lab.localhost:PORT/account/reset?email=alice%40example.com&token=8f14e45fceea167a'
  expect(referer).not.toContain('alice');
  expect(referer).toBe(`${new URL(lab.page.url()).origin}/`);
});
