import { expect, test } from './fixtures';

// A DCS answer (misconfigured or compromised) and the publisher's HttpOnly session cookie.
// (Outside review, branch attack4; the unit version, for a visitor without a session yet, is
// packages/tag/test/hostile/cookie-destination-fixation.test.ts.) The tag refuses a cookie
// destination whose name is already in `document.cookie`; an HttpOnly cookie never is. The
// browser refuses a script's write of that very cookie (same name, host and path), but a
// destination with a `dmn` is a Domain cookie: another cookie, of the same name, which the
// browser then sends beside the site's own, to every host of the site. Servers that read the
// last of two same-named cookies (Django's parse_cookie, Python's SimpleCookie) take the DCS's.

test.describe('hostile: cookie destinations and an HttpOnly session cookie', () => {
  // Fixed in packages/tag/src/outputs/cookies.ts (writeCookieDestinations): a session, login or
  // token name (CREDENTIAL) is never written, seen in the jar or not. A destination named like
  // none of those but like another HttpOnly cookie of the site's is not caught: an allowlist
  // of names in the page's config would be (not built; see SECURITY.md).
  test("the DCS never adds a cookie named like the site's HttpOnly session", async ({ page, context, sites }) => {
    const config = sites.demo();
    // The demo's own destination (aud_seg) after it, in the same answer: once aud_seg is in the
    // jar, the tag has dealt with sessionid.
    config.partners.acme!.cookieDestinations = [
      { name: 'sessionid', domain: '.publisher.localhost', ttlDays: 30, key: 'seg', segments: { 5001: '5001' } },
      { name: 'aud_seg', ttlDays: 30, key: 'seg', segments: { 5001: '5001' } },
    ];
    sites.dcs.setConfig(config);
    // The visitor is logged in on the publisher's site: its session cookie is HttpOnly.
    await context.addCookies([{ name: 'sessionid', value: 'visitor-session', url: sites.publisher.url, httpOnly: true, sameSite: 'Lax' }]);

    await page.goto(`${sites.publisher.url}/publisher/`);
    await expect(page.getByTestId('status')).toHaveText('fresh');
    // The cookie destinations are written by the outputs bundle, after the answer.
    await expect.poll(async () => (await context.cookies(sites.publisher.url)).some((c) => c.name === 'aud_seg')).toBe(true);
    const reload = page.waitForRequest((request) => request.url().startsWith(`${sites.publisher.url}/publisher/`));
    await page.reload();
    const cookieHeader = (await (await reload).allHeaders())['cookie'] ?? '';
    // Before the fix: "sessionid=visitor-session; sessionid=seg=5001; …": the site's server gets two sessions.
    expect(cookieHeader.split('; ').filter((pair) => pair.startsWith('sessionid='))).toEqual(['sessionid=visitor-session']);
  });
});
