// The frame on a CDN (docs/deploying.md: "any static host or CDN"), where it cannot read the DCS
// cookie: it remembers the DCS's device IDs in a cookie of its host, `ar_dcs_uuid_<partner>`,
// `SameSite=None; Secure; Path=/`, not Partitioned (remembered-uuid.ts). Outside review, branch
// attack3: where third-party cookies are allowed, that is a cross-site identifier of the visitor
// on the CDN's whole host. Every request any site's page makes to that host (another customer's
// script on a shared CDN, the CDN's own pages) carries the visitor's DCS device ID, so the CDN's
// logs, and anything else the host serves (read from document.cookie in a first-party page there),
// learn it; with it, `/event?d_uuid=<ID>&d_cts=2` server to server reads the visitor's segments.
// The DCS's own cookie (mock-dcs: Partitioned) is not readable like that.
// Fixed in packages/frame/src/remembered-uuid.ts: `Partitioned`, as the DCS cookie it stands
// for, and a Path of the frame's own directory rather than `/`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdnFrameSites } from './cdn-frame-site';
import { expect, test } from './fixtures';

test.use({ browserProfile: 'allowed' });

test("another site's request to another file on the frame's CDN host carries no device ID of the visitor", async ({ page, sites }) => {
  const { cdn, publisher, root, startSite, close } = await cdnFrameSites(sites, "function (r) { return r.status + ' ' + (r.uuid || '-'); }");
  try {
    const elsewhere = await startSite('elsewhere', 'elsewhere.localhost');
    // Another customer's file on the same CDN host.
    writeFileSync(join(root('cdn/other-customer'), 'lib.js'), 'window.otherLib = 1;\n');
    writeFileSync(join(root('elsewhere'), 'index.html'), `<!doctype html><meta charset="utf-8"><script src="${cdn.url}/other-customer/lib.js"></script><title>elsewhere</title>`);

    await page.goto(`${publisher.url}/`);
    await expect(page).toHaveTitle(/^fresh \d{38}$/);
    const uuid = (await page.title()).split(' ')[1]!;

    // Later, on an unrelated site: a page loading a script of another customer of the CDN.
    const cookieSent = page.waitForRequest((r) => r.url().endsWith('/other-customer/lib.js')).then((r) => r.allHeaders());
    await page.goto(`${elsewhere.url}/`);
    const cookie = (await cookieSent).cookie ?? '';
    // Today: "ar_dcs_uuid_acme=<the visitor's device ID>".
    expect(cookie.includes(uuid), `Cookie: ${cookie}`).toBe(false);
  } finally {
    await close();
  }
});
