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
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFrameArtifact } from '@audience-relay/frame/build';
import { expect, test } from './fixtures';
import { startStaticSite, type StaticSite } from './static-site';

const repo = new URL('..', import.meta.url).pathname;

test.use({ browserProfile: 'allowed' });

test("another site's request to another file on the frame's CDN host carries no device ID of the visitor", async ({ page, sites }) => {
  const dir = mkdtempSync(join(tmpdir(), 'audience-relay-frame-host-'));
  const sitesToClose: StaticSite[] = [];
  try {
    const root = (name: string): string => (mkdirSync(join(dir, name), { recursive: true }), join(dir, name));
    const cdn = await startStaticSite(root('cdn'), 'cdn.localhost');
    const publisher = await startStaticSite(root('publisher'), 'publisher.localhost');
    const elsewhere = await startStaticSite(root('elsewhere'), 'elsewhere.localhost');
    sitesToClose.push(cdn, publisher, elsewhere);

    // The frame built for acme on the CDN, as `audience-relay-frame build` makes it.
    const template = readFileSync(join(repo, 'packages/frame/dist/frame.html'), 'utf8');
    const frame = buildFrameArtifact(template, { partner: 'acme', dcs: sites.dcs.url, allowedOrigins: [publisher.url] });
    writeFileSync(join(root('cdn/acme'), 'frame.html'), frame.html);
    writeFileSync(join(dir, 'cdn/acme/headers.json'), JSON.stringify(frame.headers));
    // Another customer's file on the same CDN host.
    writeFileSync(join(root('cdn/other-customer'), 'lib.js'), 'window.otherLib = 1;\n');

    const snippet = readFileSync(join(repo, 'packages/tag/dist/snippet.min.js'), 'utf8').trim();
    const config = { partner: 'acme', dcs: sites.dcs.url, frame: `${cdn.url}/acme/frame.html`, timeoutMs: 5000 };
    writeFileSync(
      join(dir, 'publisher/index.html'),
      `<!doctype html><meta charset="utf-8"><script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>audienceRelay('config', ${JSON.stringify(config)});
audienceRelay('ready').then(function (r) { document.title = r.status + ' ' + (r.uuid || '-'); });</script>`,
    );
    writeFileSync(join(dir, 'elsewhere/index.html'), `<!doctype html><meta charset="utf-8"><script src="${cdn.url}/other-customer/lib.js"></script><title>elsewhere</title>`);
    // The DCS answers the frame's origin (the CDN) by CORS.
    const dcsConfig = sites.demo();
    dcsConfig.partners.acme!.allowedOrigins = [cdn.url];
    sites.dcs.setConfig(dcsConfig);

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
    await Promise.all(sitesToClose.map((site) => site.close()));
    rmSync(dir, { recursive: true, force: true });
  }
});
