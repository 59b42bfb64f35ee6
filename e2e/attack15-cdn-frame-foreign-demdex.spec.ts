// Outside review, branch atk15. A frame served apart from its DCS (on a CDN, docs/deploying.md)
// cannot read the DCS cookie: its document.cookie is the CDN host's jar (main.ts says so). Yet it
// looked there for a `demdex` cookie (handle-event.ts readCookieUuid -> identity.ts dcsCookieUuid)
// and, finding one, took it for its DCS's cookie: the tag's first-party device ID was not sent
// (`d_uuid`, chooseDeviceId: "the DCS cookie wins"), and the identity was reported against that
// foreign value. Anything on the CDN host can set such a cookie: another customer's page on a
// shared CDN, or another partner's DCS that serves its own frame on that host (its real demdex).
// Observable: on the repeat visit, the frame's call to the DCS lacks d_uuid and the page is told
// `new` instead of `first-party`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdnFrameSites } from './cdn-frame-site';
import { expect, test } from './fixtures';

test.use({ browserProfile: 'allowed' });

test('a frame on a CDN does not take a demdex cookie of the CDN host for its DCS cookie', async ({ page, sites }) => {
  const { cdn, publisher, root, close } = await cdnFrameSites(sites, "function (r) { return r.status + ' ' + (r.uuid || '-') + ' ' + (r.identity ? r.identity.source : '-'); }");
  try {
    // First visit: the DCS gives a device ID; the tag keeps its first-party copy.
    await page.goto(`${publisher.url}/`);
    await expect(page).toHaveTitle(/^fresh \d{38} new$/);
    const uuid = (await page.title()).split(' ')[1]!;

    // Something else on the CDN host sets a `demdex` cookie there (not the DCS's).
    const foreign = '9'.repeat(38);
    writeFileSync(join(root('cdn/other-customer'), 'index.html'), `<!doctype html><script>document.cookie = 'demdex=${foreign}; Max-Age=3600; Path=/; SameSite=None; Secure';</script>`);
    await page.goto(`${cdn.url}/other-customer/index.html`);
    expect(await page.evaluate(() => document.cookie)).toContain(`demdex=${foreign}`);

    // Repeat visit: the tag offers its copy, which the frame sends as d_uuid.
    const call = page.waitForRequest((r) => new URL(r.url()).pathname === '/event');
    await page.goto(`${publisher.url}/`);
    const sent = new URL((await call).url());
    // The frame sees the foreign cookie in its host's jar.
    const cdnFrame = page.frames().find((f) => f.url().includes('/acme/frame.html'))!;
    expect(await cdnFrame.evaluate(() => document.cookie)).toContain(`demdex=${foreign}`);
    await expect(page).toHaveTitle(/^fresh \d{38} \S+$/);
    // main: no d_uuid went (the foreign cookie "won"), and the source was not first-party.
    expect(sent.searchParams.get('d_uuid')).toBe(uuid);
    expect(await page.title()).toBe(`fresh ${uuid} first-party`);
  } finally {
    await close();
  }
});
