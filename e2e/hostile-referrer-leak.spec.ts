import { expect, test } from './fixtures';

// The page URL the DCS gets as d_url has no query or fragment, "which may carry personal data"
// (api-checks.ts). The frame's own request says more: the browser sends the page's URL as its
// Referer under the page's referrer policy, and ad-funded sites often widen it on purpose
// (`unsafe-url`, or the older `no-referrer-when-downgrade`, so that ad partners see their pages'
// URLs). The iframe element sets no policy of its own, so the DCS (or the frame's CDN) logs the
// whole URL: an e-mail address, a password-reset token, a search. (Outside review, branch attack4.)
test.describe('hostile: the page URL in the Referer of the frame request', () => {
  // Fixed in packages/tag/src/bridge/mount-frame.ts: the iframe has referrerpolicy="strict-origin"
  // (what the frame sends onwards itself, docs/deploying.md), so its request carries the page's
  // origin only, whatever the page's policy; the tag script (snippet.js) and the bundles
  // (bundle-loader.ts) too.
  test('a page that allows full referrers still sends the DCS no query string', async ({ page, sites }) => {
    const pageUrl = `${sites.publisher.url}/publisher/?email=alice%40example.com&reset=8f14e45fceea167a`;
    await page.route(`${sites.publisher.url}/publisher/**`, async (route) => {
      // Node does not resolve *.localhost as browsers do: the same server, by its address.
      const response = await route.fetch({ url: route.request().url().replace('//publisher.localhost:', '//127.0.0.1:') });
      await route.fulfill({ response, headers: { ...response.headers(), 'referrer-policy': 'unsafe-url' } });
    });
    const frameRequest = page.waitForRequest((request) => new URL(request.url()).pathname === '/frame.html');
    const tagRequest = page.waitForRequest((request) => new URL(request.url()).pathname.endsWith('/audience-relay.js'));
    await page.goto(pageUrl);
    await expect(page.getByTestId('status')).toHaveText('fresh');
    // d_url, the tag's own report of the page, carries no query: the frame's request and the
    // tag's must not either. The page's origin is what they carry.
    for (const request of [await frameRequest, await tagRequest]) {
      const referer = (await request.allHeaders())['referer'] ?? '';
      expect(referer).toBe(`${sites.publisher.url}/`);
    }
  });

  // Fixed in packages/tag/src/beacon.ts: the page-hide call is a keepalive fetch with
  // referrerPolicy 'strict-origin' (navigator.sendBeacon takes the page's policy and has no
  // option of its own; it stays the fallback where fetch cannot be kept alive, Firefox before
  // 133). The DCS takes the Referer as the h_referer signal, which rules read and mock-dcs's
  // request log shows.
  test('the page-hide beacon sends the DCS no query string either', async ({ page, sites }) => {
    await page.route(`${sites.publisher.url}/qa/scenario.html**`, async (route) => {
      const response = await route.fetch({ url: route.request().url().replace('//publisher.localhost:', '//127.0.0.1:') });
      await route.fulfill({ response, headers: { ...response.headers(), 'referrer-policy': 'unsafe-url' } });
    });
    // The frame hangs: the page's calls wait, and go out as beacons when the page is left.
    await page.route('**/frame.html', () => {});
    await page.goto(`${sites.publisher.url}/qa/scenario.html?timeoutMs=300&connectTimeoutMs=30000&email=alice%40example.com`, { waitUntil: 'domcontentloaded' });
    await expect(page.getByTestId('status')).toHaveText('timeout');
    await page.goto('about:blank');
    await expect.poll(() => sites.dcs.requests().length).toBeGreaterThan(0);
    const referers = sites.dcs.requests().map((r) => r.signals['h_referer']?.[0] ?? '');
    // Before: h_referer was the whole URL, e-mail address included, kept as a signal.
    expect(referers.length).toBeGreaterThan(0);
    expect(referers.every((referer) => referer === `${sites.publisher.url}/`)).toBe(true);
    expect(referers.filter((referer) => referer.includes('alice'))).toEqual([]);
  });
});

