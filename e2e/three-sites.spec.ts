// Production's shape: the publisher's page on one site, the frame as a static file on a CDN
// (built by `audience-relay-frame build` from the installed package, served by a plain static
// server applying headers.json), and the DCS on a third site answering /event by CORS.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page, Request } from '@playwright/test';
import type { MockDcsConfig } from '@audience-relay/mock-dcs';
import type { BrowserProfile } from '@audience-relay/testing';
import { expect, test as base, recordEventCalls } from './fixtures';
import { startStaticSite, type StaticSite } from './static-site';

const run = promisify(execFile);
const repo = new URL('..', import.meta.url).pathname;

interface ThreeSites {
  cdn: StaticSite;
  publisher: StaticSite;
  /** A publisher origin no frame allows, except the `both` control frame. */
  intruder: StaticSite;
  /** Where the decoy page says the DCS is: nothing there answers /event. */
  decoy: StaticSite;
  /** `<cdn>/acme/frame.html`, built for the publisher and the DCS. */
  frameUrl: string;
}

/**
 * Installs the frame package from its tarball alone (as a customer would), in a directory of
 * its own, and returns the path of its `audience-relay-frame` command.
 */
async function installFrameCli(dir: string): Promise<string> {
  const packs = join(dir, 'packs');
  const app = join(dir, 'app');
  mkdirSync(packs, { recursive: true });
  mkdirSync(app, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // (npm runs the package's prepack, which may print a build log: the tarball is found by name.)
  await run(npm, ['pack', '--pack-destination', packs, '-w', 'packages/frame'], { cwd: repo });
  const tarballs = readdirSync(packs).filter((file) => file.endsWith('.tgz')).map((file) => join(packs, file));
  writeFileSync(join(app, 'package.json'), '{ "name": "cdn-deploy", "private": true }\n');
  await run(npm, ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs], { cwd: app });
  return join(app, 'node_modules', '.bin', 'audience-relay-frame');
}

async function buildFrame(cli: string, out: string, dcs: string, allow: string[]): Promise<void> {
  await run(cli, ['build', '--partner', 'acme', '--dcs', dcs, ...allow.flatMap((origin) => ['--allow', origin]), '--out', out]);
}

/** A publisher's page: the snippet pasted, the tag and the frame from the CDN. */
function publisherPage(config: { dcs: string; frame: string; connectTimeoutMs?: number; ecid?: { orgId: string; mid: string } }, tagUrl: string): string {
  const snippet = readFileSync(join(repo, 'packages/tag/dist/snippet.min.js'), 'utf8').trim();
  return `<!doctype html><html><head><meta charset="utf-8"><title>three sites</title>
<script data-src="${tagUrl}">${snippet}</script>
<script>
  audienceRelay('config', ${JSON.stringify({ partner: 'acme', timeoutMs: 5000, ...config })});
  audienceRelay('signals', { c_section: 'sports', p_age: 23 });
</script></head><body>
<p>Status: <output data-testid="status">waiting</output></p>
<p>Segments: <output data-testid="segments"></output></p>
<p>uuid: <output data-testid="uuid"></output></p>
<p>Identity: <output data-testid="identity"></output></p>
<script>
  const show = (id, value) => { document.querySelector('[data-testid="' + id + '"]').textContent = value; };
  audienceRelay('on', 'segments', (e) => {
    show('segments', e.segments.join(', '));
    show('uuid', e.uuid ?? '(none)');
    show('identity', e.identity.source + ', ' + { true: 'partitioned', false: 'unpartitioned', null: 'unknown' }[String(e.identity.partitioned)] + ' storage');
  });
  audienceRelay('ready').then((r) => show('status', r.status));
</script></body></html>`;
}

/** A publisher's site on plain http, off loopback (the test routes it). */
const HTTP_SITE = 'http://www.plain-http.example';

const ECID = { orgId: '53A16ACB5CC1D3760A495C99@AdobeOrg', mid: '08912345678901234567890123456789012345' };

const test = base.extend<{ three: ThreeSites }, { threeWorker: ThreeSites }>({
  threeWorker: [
    async ({ dcs }, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'audience-relay-three-sites-'));
      const root = (name: string): string => {
        mkdirSync(join(dir, name), { recursive: true });
        return join(dir, name);
      };
      const [cdn, publisher, intruder, decoy] = await Promise.all([
        startStaticSite(root('cdn'), 'cdn.localhost'),
        startStaticSite(root('publisher'), 'publisher.localhost'),
        startStaticSite(root('intruder'), 'intruder.localhost'),
        startStaticSite(root('decoy'), 'decoy.localhost'),
      ]);
      const frameUrl = `${cdn.url}/acme/frame.html`;

      const cli = await installFrameCli(root('install'));
      const both = [publisher.url, intruder.url];
      await buildFrame(cli, root('cdn/acme'), dcs.url, [publisher.url]);
      await buildFrame(cli, root('cdn/both'), dcs.url, both);
      // Each defence alone. csp-only: the frame admits the intruder, its CSP does not.
      // frame-only: the CSP lets the intruder embed the frame, the frame refuses it.
      await buildFrame(cli, root('cdn/csp-only'), dcs.url, both);
      await buildFrame(cli, root('narrow'), dcs.url, [publisher.url]);
      copyFileSync(join(dir, 'narrow', 'headers.json'), join(dir, 'cdn/csp-only', 'headers.json'));
      await buildFrame(cli, root('cdn/frame-only'), dcs.url, [publisher.url]);
      // A publisher site on plain http (not loopback, so no secure context), as legacy and
      // staging sites are.
      await buildFrame(cli, root('cdn/http-site'), dcs.url, [HTTP_SITE]);
      copyFileSync(join(dir, 'cdn/both', 'headers.json'), join(dir, 'cdn/frame-only', 'headers.json'));

      // The tag on the CDN too, as a publisher would host it.
      for (const file of ['audience-relay.js', 'audience-relay-outputs.js', 'audience-relay-debug.js']) {
        copyFileSync(join(repo, 'packages/tag/dist', file), join(root('cdn/tag'), file));
      }
      const tagUrl = `${cdn.url}/tag/audience-relay.js`;
      writeFileSync(join(dir, 'publisher', 'index.html'), publisherPage({ dcs: dcs.url, frame: frameUrl }, tagUrl));
      writeFileSync(join(dir, 'publisher', 'ecid.html'), publisherPage({ dcs: dcs.url, frame: frameUrl, ecid: ECID }, tagUrl));
      writeFileSync(join(dir, 'publisher', 'decoy.html'), publisherPage({ dcs: decoy.url, frame: frameUrl }, tagUrl));
      for (const variant of ['both', 'csp-only', 'frame-only']) {
        writeFileSync(join(dir, 'intruder', `${variant}.html`), publisherPage({ dcs: dcs.url, frame: `${cdn.url}/${variant}/frame.html`, connectTimeoutMs: 1500 }, tagUrl));
      }

      await use({ cdn, publisher, intruder, decoy, frameUrl });
      await Promise.all([cdn, publisher, intruder, decoy].map((site) => site.close()));
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  three: async ({ threeWorker, sites }, use) => {
    // The DCS answers the frame's origin by CORS: the CDN is its allowed origin here.
    const config: MockDcsConfig = sites.demo();
    config.partners.acme!.allowedOrigins = [threeWorker.cdn.url];
    config.partners.acme!.orgId = ECID.orgId;
    config.partners.acme!.destinations = [{ id: 2523, url: 'http://px.localhost/pixel?seg=%ALIAS%', segments: { 5001: 'sports' } }];
    sites.dcs.setConfig(config);
    threeWorker.decoy.paths.length = 0;
    await use(threeWorker);
  },
});

async function visit(page: Page, url: string): Promise<{ status: string; segments: string; uuid: string; identity: string }> {
  await page.goto(url);
  await expect(page.getByTestId('status')).not.toHaveText('waiting');
  const text = async (id: string): Promise<string> => (await page.getByTestId(id).textContent()) ?? '';
  return { status: await text('status'), segments: await text('segments'), uuid: await text('uuid'), identity: await text('identity') };
}

test('fresh segments through a frame on a CDN calling the DCS on a third site; ID syncs and destinations fire from that frame', async ({ page, three, sites }) => {
  const calls = recordEventCalls(page);
  const partnerCalls: Request[] = [];
  page.on('request', (request) => {
    if (/^http:\/\/(provider|px)\.localhost/.test(request.url())) partnerCalls.push(request);
  });
  await page.context().route('http://px.localhost/**', (route) => route.fulfill({ status: 200, contentType: 'image/gif', body: '' }));

  const result = await visit(page, `${three.publisher.url}/`);
  expect(result).toMatchObject({ status: 'fresh', segments: '5001, 5002' });

  // The one frame is the CDN's, and it made the call, to the DCS, by CORS.
  expect(page.frames().map((f) => f.url())).toEqual([`${three.publisher.url}/`, three.frameUrl]);
  expect(calls).toHaveLength(1);
  const call = calls[0]!;
  expect(new URL(call.url()).origin).toBe(sites.dcs.url);
  expect(call.frame().url()).toBe(three.frameUrl);
  expect(call.headers()['origin']).toBe(three.cdn.url);
  const response = await call.response();
  expect(response?.headers()['access-control-allow-origin']).toBe(three.cdn.url);
  expect(response?.headers()['access-control-allow-credentials']).toBe('true');
  expect(sites.dcs.requests()).toHaveLength(1);

  // The partner calls of the answer: the content provider's ID sync and the URL destination.
  await expect.poll(() => partnerCalls.map((r) => new URL(r.url()).pathname).sort()).toEqual(['/pixel', '/sync']);
  for (const request of partnerCalls) expect(request.frame().url()).toBe(three.frameUrl);
  expect(three.cdn.paths).toContain('/acme/frame.html');
});

// The frame calls the DCS it was built with, never the one the page names; and since the
// page's beacons (page hidden with calls queued) would go to the DCS it names, the handshake
// refuses the mismatch and says so (new-user trial: before, the page got fresh segments while
// its beacons went to a DCS that does not know it).
test('the frame calls the DCS it was built with, never the one the page names, and refuses the mismatch', async ({ page, three, sites }) => {
  const calls = recordEventCalls(page);
  const result = await visit(page, `${three.publisher.url}/decoy.html`);
  expect(result.status).toBe('error');
  // (The frame's boot call, made before the handshake, went to its own DCS: at most that one.)
  expect(calls.map((c) => new URL(c.url()).origin).filter((origin) => origin !== sites.dcs.url)).toEqual([]);
  expect(sites.dcs.requests().length).toBeLessThanOrEqual(1);
  expect(three.decoy.paths).toEqual([]);
});

test('an Experience Cloud ID configured on the page goes to the DCS as d_mid with d_orgid', async ({ page, three }) => {
  const calls = recordEventCalls(page);
  expect(await visit(page, `${three.publisher.url}/ecid.html`)).toMatchObject({ status: 'fresh', segments: '5001, 5002' });
  const query = new URL(calls[0]!.url()).searchParams;
  expect([query.get('d_mid'), query.get('d_orgid')]).toEqual([ECID.mid, ECID.orgId]);
});

// New-user trial (session m): `audience-relay-frame build --allow http://…` refused every
// publisher origin on plain http ("expected https … the DCS cookie is SameSite=None; Secure"),
// though mock-dcs takes them and the frame works there: the page is no secure context, but the
// frame's cookie is its own, over the CDN's and the DCS's origins.
test('a publisher page on plain http off loopback: the CLI builds its frame, and it gets fresh segments and keeps its device ID', async ({ page, three, sites }) => {
  const html = publisherPage({ dcs: sites.dcs.url, frame: `${three.cdn.url}/http-site/frame.html` }, `${three.cdn.url}/tag/audience-relay.js`);
  await page.route(`${HTTP_SITE}/**`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  const first = await visit(page, `${HTTP_SITE}/`);
  expect(await page.evaluate(() => isSecureContext)).toBe(false);
  expect(first).toMatchObject({ status: 'fresh', segments: '5001, 5002' });
  expect(first.uuid).toMatch(/^\d{38}$/);
  const again = await visit(page, `${HTTP_SITE}/`);
  expect(again).toMatchObject({ status: 'fresh', uuid: first.uuid });
});

test.describe('a publisher origin not allowed gets nothing', () => {
  test('control: a frame built to allow it works from that origin', async ({ page, three, sites }) => {
    expect(await visit(page, `${three.intruder.url}/both.html`)).toMatchObject({ status: 'fresh', segments: '5001, 5002' });
    expect(sites.dcs.requests()).toHaveLength(1);
  });

  test('the CSP alone: frame-ancestors keeps the frame from loading, though the frame itself would admit the page', async ({ page, three, sites }) => {
    const refused = page.waitForEvent('console', (message) => message.type() === 'error' && /frame-ancestors/.test(message.text()));
    const result = await visit(page, `${three.intruder.url}/csp-only.html`);
    await refused;
    expect(result.status).toBe('blocked');
    expect(result.segments).toBe('');
    expect(sites.dcs.requests()).toEqual([]);
  });

  test("the frame's own check alone: the CSP lets the page embed it, the frame answers no connect and makes no call", async ({ page, three, sites }) => {
    const calls = recordEventCalls(page);
    const loaded = page.waitForEvent('framenavigated', (frame) => frame.url() === `${three.cdn.url}/frame-only/frame.html`);
    const result = await visit(page, `${three.intruder.url}/frame-only.html`);
    await loaded;
    expect(result.status).toBe('blocked');
    expect(result.segments).toBe('');
    expect(calls).toEqual([]);
    expect(sites.dcs.requests()).toEqual([]);
  });
});

// Identity through a frame apart from the DCS: the tag's first-party copy is sent and says
// so; without it, only a device ID the DCS gave before and sends back unasked is its cookie.
const profiles: Array<{ profile: BrowserProfile; storage: string; withoutCopy: 'dcs-cookie' | 'new' }> = [
  { profile: 'allowed', storage: 'unpartitioned', withoutCopy: 'dcs-cookie' },
  { profile: 'partitioned', storage: 'partitioned', withoutCopy: 'dcs-cookie' },
  { profile: 'blocked', storage: 'partitioned', withoutCopy: 'new' },
];
for (const { profile, storage, withoutCopy } of profiles) {
  test.describe(`third-party cookies ${profile}`, () => {
    test.use({ browserProfile: profile });

    test(`identity is reported honestly: new, then first-party, then without the first-party copy ${withoutCopy}`, async ({ page, context, three }) => {
      const first = await visit(page, `${three.publisher.url}/`);
      expect(first.status).toBe('fresh');
      expect(first.uuid).toMatch(/^\d{38}$/);
      expect(first.identity).toBe(`new, ${storage} storage`);

      const second = await visit(page, `${three.publisher.url}/`);
      expect(second.uuid).toBe(first.uuid);
      expect(second.identity).toBe(`first-party, ${storage} storage`);

      await page.evaluate(() => localStorage.removeItem('ar_uuid_acme'));
      const third = await visit(page, `${three.publisher.url}/`);
      expect(third.identity).toBe(`${withoutCopy}, ${storage} storage`);
      if (withoutCopy === 'dcs-cookie') expect(third.uuid).toBe(first.uuid);
      else expect(third.uuid).not.toBe(first.uuid);
    });
  });
}

// A 429 is retried once "after its Retry-After" (packages/frame/src/dcs-client.ts). Retry-After
// is not a CORS-safelisted response header: a frame apart from its DCS reads it only if the DCS
// sends `Access-Control-Expose-Headers: Retry-After`, which neither mock-dcs nor, in anything
// Audience Manager documents ("DCS API Methods", "Race Conditions and Error Handling": errors
// answer 200), its DCS does. The frame then reads no header, waits 0 ms and calls again at once,
// into the same rate limit. The control below (the frame served by the DCS, same origin) reads
// the header and waits.
const retryAfter = (corsOrigin: string | null) => ({
  status: 429,
  headers: { 'Retry-After': '2', 'Content-Type': 'text/plain', ...(corsOrigin ? { 'Access-Control-Allow-Origin': corsOrigin, 'Access-Control-Allow-Credentials': 'true' } : {}) },
  body: 'rate limited',
});

async function gapAfter429(page: Page, url: string, corsOrigin: string | null): Promise<number> {
  const times: number[] = [];
  await page.context().route('**/event?*', async (route) => {
    times.push(Date.now());
    if (times.length === 1) await route.fulfill(retryAfter(corsOrigin));
    else await route.continue();
  });
  await page.goto(url);
  await expect.poll(() => times.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  return times[1]! - times[0]!;
}

test('control: a frame served by the DCS waits the 429\'s Retry-After (2 s) before its one retry', async ({ page, sites }) => {
  expect(await gapAfter429(page, `${sites.publisher.url}/publisher/`, null)).toBeGreaterThanOrEqual(1900);
});

// Fixed in packages/frame/src/dcs-client.ts: an unreadable Retry-After waits 1 s, not 0.
test('a frame on a CDN waits the 429\'s Retry-After too, though CORS hides the header from it', async ({ page, three }) => {
  expect(await gapAfter429(page, `${three.publisher.url}/`, three.cdn.url)).toBeGreaterThanOrEqual(900);
});
