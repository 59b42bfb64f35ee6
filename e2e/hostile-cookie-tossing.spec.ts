// Cookie tossing from a sibling subdomain. A publisher's site has hosts it trusts less than its
// article pages (user blogs, a shop or a microsite on a SaaS behind a CNAME, a forgotten
// subdomain taken over); any of them can set a cookie for the whole site
// (`Domain=<site>`), which the article pages then read as their own: `document.cookie` does not
// say which host wrote a cookie. The tag's first-party device-ID copy `ar_uuid_<partner>` is
// read that way, and the frame offers it to the DCS as `d_uuid` whenever it cannot read the
// DCS cookie: on every first visit, and wherever third-party cookies are refused. The DCS takes
// `d_uuid` over anything (protocol), answers with it, and the tag keeps it. So a sibling host
// that tosses `ar_uuid_acme=<an ID the attacker chose>` makes the visitor's profile the
// attacker's: every later page view's signals qualify traits and segments on an ID the
// attacker knows, and the attacker reads them back with `/event?d_uuid=<ID>&d_rtbd=json&d_cts=2`
// (a server-to-server call needs no cookie). The tag's page-hide beacon sends the copy as
// `d_uuid` even when the DCS cookie exists, so a returning visitor can be moved over the same way.
// A `__Host-` name (host-only, Secure, Path=/: no other host can set it; browsers treat
// http://localhost as secure for it too) would keep the copy to the host that wrote it.
// Failed before the fix: the attacker's read by the tossed ID answers the visitor's segment 5001, the
// visitor's call is recorded under that ID, and the visitor's ready result carries it.
// Fixed: the tag's own cookies take the __Host- prefix in a secure context (cookie.ts ownCookieName).
import { expect } from './fixtures';
import { test } from './hostile-lab';

const TOSSED = '12345678901234567890123456789012345678';

test('a device ID tossed as a site-wide cookie by a sibling subdomain is not taken as the visitor\'s', async ({ page, openLab, sites }) => {
  // The sibling host's page: one cookie for the whole site (lab.localhost and every host under it).
  await page.route('http://blog.lab.localhost/', (route) =>
    route.fulfill({ contentType: 'text/html', body: `<script>document.cookie = 'ar_uuid_acme=${TOSSED}; Domain=lab.localhost; Path=/; Max-Age=3600';</script>` }),
  );
  await page.goto('http://blog.lab.localhost/');
  expect(await page.evaluate(() => document.cookie)).toContain(`ar_uuid_acme=${TOSSED}`);

  const lab = await openLab({
    calls: `
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { report('ready ' + r.status + ' ' + r.uuid + ' ' + r.identity.source); });`,
  });
  // The article page (another host of the site) sees the sibling's cookie as its own.
  expect(await lab.page.evaluate(() => document.cookie)).toContain(`ar_uuid_acme=${TOSSED}`);
  const ready = await lab.reported(/^ready fresh /);
  const calls = sites.dcs.requests().filter((r) => r.signals.c_section?.[0] === 'sports');
  expect(calls.length).toBeGreaterThan(0);
  // What the attacker reads back, server to server, by the ID it chose: nothing of the visitor's.
  const read = await fetch(`http://127.0.0.1:${sites.dcs.port}/event?d_uuid=${TOSSED}&d_rtbd=json&d_cts=2`);
  const stolen = (await read.json()) as { traits?: number[]; segments?: number[] };
  expect({ traits: stolen.traits, segments: stolen.segments }).toEqual({ traits: [], segments: [] });
  // The visitor's call must not be attributed to the attacker's ID, nor the visitor given it.
  expect(calls.map((r) => r.uuid)).not.toContain(TOSSED);
  expect(ready).not.toContain(TOSSED);
  expect(lab.ourErrors()).toEqual([]);
});

// The same for the opt-out marker `ar_optout_<partner>=1`: the tag reads the first cookie of that
// name, and a browser lists a cookie of a longer path first (or, on equal paths, the older one).
// A sibling host's `ar_optout_acme=0; Domain=<site>; Path=/articles` therefore hides the
// visitor's marker on every article page, and the tag calls the DCS again for a visitor who
// opted out: where the DCS cookie is refused, the marker is the only record of the opt-out, and
// a tossed device ID (above) then makes the visitor known again. Failed before the fix: the article
// page's ready says "fresh" (a new answer of the DCS), and its call reaches the DCS.
// Fixed: the opt-out marker is a __Host- cookie in a secure context (cookie.ts ownCookieName).
test("a sibling subdomain's cookie does not undo the visitor's opt-out", async ({ page, openLab, sites }) => {
  const lab = await openLab({
    calls: `
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { report('ready ' + r.status + ' ' + location.pathname); });`,
  });
  await lab.reported('ready fresh /');
  await lab.page.evaluate(() => (window as unknown as { audienceRelay(...a: unknown[]): Promise<unknown> }).audienceRelay('optOut'));
  expect(await lab.page.evaluate(() => document.cookie)).toContain('ar_optout_acme=1');
  const labUrl = lab.page.url();

  await page.route('http://blog.lab.localhost/', (route) =>
    route.fulfill({ contentType: 'text/html', body: "<script>document.cookie = 'ar_optout_acme=0; Domain=lab.localhost; Path=/articles; Max-Age=3600';</script>" }),
  );
  await page.goto('http://blog.lab.localhost/');

  const before = sites.dcs.requests().length;
  await page.goto(new URL('/articles/1', labUrl).href);
  // Both markers are there; the visitor's own still says 1.
  expect(await page.evaluate(() => document.cookie)).toMatch(/ar_optout_acme=0; .*ar_optout_acme=1/);
  await lab.reported(/^ready \S+ \/articles\/1$/);
  expect(lab.reports).toContain('ready opted-out /articles/1');
  expect(sites.dcs.requests().length).toBe(before);
  expect(lab.ourErrors()).toEqual([]);
});

// A returning visitor, whose DCS cookie the frame reads, is moved over too: the page-hide beacon
// (calls still queued when the page goes) is sent by the tag itself with `d_uuid` = the first
// cookie named ar_uuid_acme, and the DCS takes `d_uuid` over its own cookie, answers with it
// and sets its cookie to it. A sibling's `ar_uuid_acme=<ID>; Domain=<site>; Path=/articles`
// comes first on article pages. Failed before the fix: the beacon is recorded under the tossed ID.
// Fixed as above.
test("a returning visitor's page-hide beacon does not carry a sibling subdomain's device ID", async ({ page, openLab, sites }) => {
  const lab = await openLab({
    config: { connectTimeoutMs: 30000 },
    calls: `
      audienceRelay('signals', { c_section: location.pathname === '/' ? 'sports' : 'beacon' });
      audienceRelay('ready', { timeoutMs: location.pathname === '/' ? 5000 : 1000 }).then(function (r) { report('ready ' + r.status + ' ' + r.uuid + ' ' + location.pathname); });`,
  });
  const first = await lab.reported(/^ready fresh \d{38} \/$/);
  const own = first.split(' ')[2];
  const labUrl = lab.page.url();

  await page.route('http://blog.lab.localhost/', (route) =>
    route.fulfill({ contentType: 'text/html', body: `<script>document.cookie = 'ar_uuid_acme=${TOSSED}; Domain=lab.localhost; Path=/articles; Max-Age=3600';</script>` }),
  );
  await page.goto('http://blog.lab.localhost/');

  // The article page's frame never loads (a slow DCS): its signal waits, and goes as a beacon.
  await page.route('**/frame.html*', () => {});
  await page.goto(new URL('/articles/1', labUrl).href, { waitUntil: 'domcontentloaded' });
  await lab.reported(/^ready (timeout|cached) \S+ \/articles\/1$/);
  await page.goto('about:blank');
  await expect.poll(() => sites.dcs.requests().filter((r) => r.signals.c_section?.[0] === 'beacon').length).toBe(1);
  const beacon = sites.dcs.requests().find((r) => r.signals.c_section?.[0] === 'beacon')!;
  expect(beacon.method).toBe('POST');
  expect(beacon.uuid).toBe(own);
});
