// consent.md (Opt-out): "From then on, on this page and every later one on the site, `ready`
// settles `opted-out` and no request reaches the DCS." The marker is in localStorage, which is
// the origin's, not the site's: on another host of the same site (shop. beside www.) the tag
// has no marker, mounts the frame and calls the DCS with the page's signals. Where the browser
// blocks third-party cookies (Safari, Firefox's strict mode, Chrome's users who chose so) the
// DCS has no NOTARGET cookie either, and the visitor who opted out gets segments again.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { launchOptions } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

// Fixed in packages/frame/src/main.ts: the frame remembers the opt-out in its storage, which is
// one for every host of the site (partitioned by top-level site), and answers OPTED_OUT to
// every event call there, the boot call included; the tag then writes its own marker
// (relay.ts). Expected: on shop., ready settles opted-out and no event call reaches the DCS (the
// frame is loaded, to ask it), and the next page on shop. needs no frame to know.
// Chromium takes a host under a suffix it does not know (`*.localhost`) as a site of its own, so
// www. and shop. of one site need a registrable domain: `*.pub7.com`, mapped to loopback in a
// browser of this test's own (no other name is resolved).
test('opted out on www.: a page on shop. of the same site makes no DCS call', async ({ sites }) => {
  const options = launchOptions();
  const browser = await chromium.launch({ ...options, args: [...(options.args ?? []), '--host-resolver-rules=MAP *.pub7.com 127.0.0.1, EXCLUDE localhost'] });
  const page = await (await browser.newContext()).newPage();
  const server = createServer((req, res) => {
    const optOut = /optout/.test(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(`<!doctype html><html><head><meta charset="utf-8"></head><body>
<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script>
  audienceRelay('config', { partner: 'acme', dcs: ${JSON.stringify(sites.dcs.url)}, timeoutMs: 3000 });
  ${optOut ? "audienceRelay('optOut').then(function () { document.title = 'opted out'; });" : "audienceRelay('signals', { c_section: 'sports' }); audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { document.title = 'ready ' + r.status; });"}
</script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const www = `http://www.pub7.com:${port}`;
  const shop = `http://shop.pub7.com:${port}`;
  try {
    const config = sites.demo();
    config.partners.acme!.allowedOrigins = [...config.partners.acme!.allowedOrigins, www, shop];
    sites.dcs.setConfig(config);
    await page.goto(`${www}/optout`);
    await expect(page).toHaveTitle('opted out');
    // The same page on www. again is opted out (holds today).
    await page.goto(`${www}/`);
    await expect(page).toHaveTitle('ready opted-out');

    const before = sites.dcs.requests().length;
    await page.goto(`${shop}/`);
    await expect(page).toHaveTitle(/^ready /);
    expect({ title: await page.title(), dcsCalls: sites.dcs.requests().length - before }).toEqual({ title: 'ready opted-out', dcsCalls: 0 });
    // The tag on shop. remembers it now: its next page mounts no frame at all.
    const frames: string[] = [];
    page.on('request', (request) => void (request.url().includes('frame') && frames.push(request.url())));
    await page.goto(`${shop}/`);
    await expect(page).toHaveTitle('ready opted-out');
    expect({ frames, dcsCalls: sites.dcs.requests().length - before }).toEqual({ frames: [], dcsCalls: 0 });
  } finally {
    await browser.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
