// Another site framing an allowed publisher page (most pages send no X-Frame-Options) while only
// the frame's own gate stands: a host that does not send the frame's frame-ancestors header (an
// old browser, a host that drops headers; docs/deploying.md says the two gates each keep other
// sites out, and publisher.spec proves the frame's alone against a page that embeds it). Outside
// review, branch attack3: the top document may navigate any frame under it, so the framing site
// reloads our frame, inside the publisher page, with a #fragment of its own. The frame checks
// only its parent (`location.ancestorOrigins[0]`, the publisher) and makes that boot call: the
// visitor's browser calls the DCS with the framing site's signals (and the frame acts on the
// answer: ID syncs, destinations). frame-ancestors, where it is sent, checks every ancestor.
// Fixed in packages/frame/src/boot-call.ts: the boot call is made only when every entry of
// location.ancestorOrigins is allowed, as frame-ancestors checks (the port path is safe: the
// connect must come from the parent window).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dcsQuiet } from '@audience-relay/testing';
import { expect } from './fixtures';
import { test } from './hostile-lab';

test("a site framing an allowed page cannot make the DCS frame call /event with the site's own signals", async ({ openLab, sites, page }) => {
  // The frame without its CSP (so without frame-ancestors): the frame's checks are the only gate.
  await page.route((url) => url.href.startsWith(`${sites.dcs.url}/frame.html`), async (route) => {
    const response = await route.fetch({ url: `http://127.0.0.1:${sites.dcs.port}/frame.html` });
    const headers = { ...response.headers() };
    delete headers['content-security-policy'];
    await route.fulfill({ response, headers });
  });
  // The allowed page, as the lab serves it (snippet, config, a signals call and ready).
  const lab = await openLab();
  await lab.reported(/^ready fresh/);
  const labUrl = page.url();

  // The framing site: it puts the publisher page in an iframe, as any site may.
  const evil = createServer((_req, res) => void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>framing site</title><iframe id="pub" src="${labUrl}" width="800" height="200"></iframe>`));
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  try {
    sites.dcs.reset();
    sites.dcs.setConfig({ ...sites.demo(), partners: { ...sites.demo().partners, acme: { ...sites.demo().partners.acme!, allowedOrigins: [new URL(labUrl).origin] } } });
    await page.goto(`http://evil.localhost:${(evil.address() as AddressInfo).port}/`);
    // The publisher page in the iframe connects its own frame and gets its segments.
    await expect.poll(() => sites.dcs.requests().filter((r) => r.signals.c_section !== undefined).length).toBe(1);
    const dcsFrame = page.frames().find((f) => f.parentFrame()?.parentFrame() === page.mainFrame() && f.url().startsWith(sites.dcs.url));
    expect(dcsFrame, 'the DCS frame inside the framed publisher page').toBeTruthy();

    // The top document navigates that grandchild frame to frame.html with its own boot call.
    const params = { signals: { c_framing_site: ['1'] }, traits: [], uuid: null, coppa: false, ids: [], url: null };
    // (A query of its own: the same URL with only another fragment would be a same-document navigation.)
    const target = `${sites.dcs.url}/frame.html?v=2#${encodeURIComponent(JSON.stringify(params))};evil1`;
    const reloaded = page.waitForEvent('framenavigated', (f) => f === dcsFrame);
    await page.evaluate((url) => void (window.frames[0]!.frames[0]!.location.href = url), target);
    await reloaded;
    // The reloaded frame's network has been idle for 500 ms: its start, boot call included, is
    // behind us (the DCS has the calls it got once it is quiet).
    await dcsFrame!.waitForLoadState('networkidle');
    await dcsQuiet(sites.dcs);
    // Today: ['/event?d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&c_framing_site=1'] (the frame's
    // location.ancestorOrigins was [the publisher, the framing site]).
    expect(sites.dcs.requests().filter((r) => r.signals.c_framing_site !== undefined).map((r) => r.path)).toEqual([]);
  } finally {
    evil.closeAllConnections();
    await new Promise((resolve) => evil.close(resolve));
  }
});
