import { expect, test } from './fixtures';

// The page URL the DCS gets as d_url has no query or fragment, "which may carry personal data"
// (api-checks.ts). The frame's own request says more: the browser sends the page's URL as its
// Referer under the page's referrer policy, and ad-funded sites often widen it on purpose
// (`unsafe-url`, or the older `no-referrer-when-downgrade`, so that ad partners see their pages'
// URLs). The iframe element sets no policy of its own, so the DCS (or the frame's CDN) logs the
// whole URL: an e-mail address, a password-reset token, a search. (Outside review, branch attack4.)
test.describe('hostile: the page URL in the Referer of the frame request', () => {
  // lead: fix in packages/tag/src/bridge/mount-frame.ts: give the iframe
  // referrerpolicy="strict-origin" (what the frame sends onwards itself, docs/deploying.md), so
  // its request carries the page's origin only, whatever the page's policy. (The tag script the
  // snippet inserts and the bundles bundle-loader.ts inserts go to the tag's host with the same
  // Referer: `referrerPolicy` on those script elements too, if the snippet's bytes allow.)
  test.fail('a page that allows full referrers still sends the DCS no query string', async ({ page, sites }) => {
    const pageUrl = `${sites.publisher.url}/publisher/?email=alice%40example.com&reset=8f14e45fceea167a`;
    await page.route(`${sites.publisher.url}/publisher/**`, async (route) => {
      // Node does not resolve *.localhost as browsers do: the same server, by its address.
      const response = await route.fetch({ url: route.request().url().replace('//publisher.localhost:', '//127.0.0.1:') });
      await route.fulfill({ response, headers: { ...response.headers(), 'referrer-policy': 'unsafe-url' } });
    });
    const frameRequest = page.waitForRequest((request) => new URL(request.url()).pathname === '/frame.html');
    await page.goto(pageUrl);
    await expect(page.getByTestId('status')).toHaveText('fresh');
    const referer = (await (await frameRequest).allHeaders())['referer'] ?? '';
    // d_url, the tag's own report of the page, carries no query: the frame's request must not either.
    expect(referer).not.toContain('alice');
    expect(referer).not.toContain('8f14e45fceea167a');
  });
});
