import type { BrowserContext, Page, Request } from '@playwright/test';
import { expect, test } from './fixtures';

// What the network sees while consent is pending, request by request (issue 20). A cookie of
// the DCS's site is set first, so that a request that could carry it, does. Before consent,
// the only requests that reach the DCS's host are the tag script and, with the debug panel,
// its bundle: both CORS without credentials. After consent, only the frame (its document and
// its calls) talks to the DCS with credentials.

const LEAK = 'leak-me-0123456789';
type Relay = (...args: unknown[]) => Promise<{ status: string; segments: string[] }>;

/** One request of the page as the wire saw it: its headers, body and the document that made it. */
interface Seen {
  url: string;
  method: string;
  host: string;
  cookie: string;
  mode: string;
  body: string;
  /** The URL of the document that made it (the page, or the DCS frame). */
  by: string;
  navigation: boolean;
}

function recordRequests(page: Page): Seen[] {
  const seen: Seen[] = [];
  page.on('request', (request: Request) => {
    // Headers as sent, cookies included (the extra-info headers come once the request is on the wire).
    const entry: Seen = { url: request.url(), method: request.method(), host: new URL(request.url()).host, cookie: '', mode: '', body: request.postData() ?? '', by: request.frame()?.url() ?? '', navigation: request.isNavigationRequest() };
    seen.push(entry);
    void request.allHeaders().then(
      (headers) => Object.assign(entry, { cookie: headers.cookie ?? '', mode: headers['sec-fetch-mode'] ?? '' }),
      () => {},
    );
  });
  return seen;
}

/** A request that carries a cookie, or an identifier of the visitor, in its URL or body. */
function identifying(request: Seen): string | null {
  if (request.cookie) return `cookie ${request.cookie}`;
  const text = decodeURIComponent(`${request.url} ${request.body}`);
  const id = /\b(d_uuid|uuid|dpuuid|d_cid(_ic)?|gdpr_consent)=|\d{38}|leak-me/.exec(text);
  return id ? `identifier ${id[0]}` : null;
}

async function setDcsCookie(context: BrowserContext, dcsUrl: string, publisherUrl: string): Promise<void> {
  // As the DCS sets its own: SameSite=None, Secure (*.localhost is a secure context) and
  // partitioned under the publisher's site (CHIPS), so the browser sends it from the
  // publisher's pages even where it blocks unpartitioned third-party cookies.
  const partitionKey = `http://${new URL(publisherUrl).hostname}`;
  // (`_crHasCrossSiteAncestor`: Chromium's half of the partition key, as it reports its own.)
  const cookie = { name: 'dcs_session', value: LEAK, domain: new URL(dcsUrl).hostname, path: '/', sameSite: 'None' as const, secure: true, partitionKey, _crHasCrossSiteAncestor: true };
  await context.addCookies([cookie]);
}

/** `ready`'s status, with a deadline that a loaded test machine meets. */
const readyStatus = (page: Page): Promise<string> =>
  page.evaluate(async () => (await (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 10_000 })).status);

const originOf = (url: string): string => (URL.canParse(url) ? new URL(url).origin : '');

const thirdParty = (seen: Seen[], publisher: string): Seen[] => seen.filter((r) => r.host !== new URL(publisher).host);

test.describe('the wire while consent is pending, and once it is granted', () => {
  test.beforeEach(async ({ context, sites }) => {
    await setDcsCookie(context, sites.dcs.url, sites.publisher.url);
  });

  for (const [scenario, query, gpc] of [
    ['refused', 'cmp=refused', false],
    ['not answered yet (the banner is showing)', 'cmp=late', false],
    ['GPC on, the banner showing', 'cmp=late', true],
  ] as const) {
    test(`${scenario}: no cookie and no identifier to any third party, only the tag and the debug bundle reach the DCS, nothing stored`, async ({ page, context, sites }) => {
      if (gpc) await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
      const seen = recordRequests(page);
      // With the debug panel: its bundle is loaded before consent too.
      await page.goto(`${sites.publisher.url}/consent/?${query}&audience-relay-debug`);
      // The tag ran and decided (a deadline long enough for a loaded machine).
      expect(await readyStatus(page)).toBe('no-consent');
      await expect(page.locator('[data-audience-relay-debug]')).toHaveCount(1);
      // Signals made now are held; leaving the page would send held signals as a beacon if
      // the gate let it: go, then come back to a page whose call proves the moment has passed.
      await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('signals', { c_more: 'x' }));
      await page.goto(`${sites.publisher.url}/examples.css`);
      const granted = seen.length;
      await page.goto(`${sites.publisher.url}/consent/?cmp=given`);
      await expect(page.getByTestId('segments')).toHaveText('5001, 5002');

      const pending = seen.slice(0, granted);
      const toDcs = thirdParty(pending, sites.publisher.url);
      expect(toDcs.map((r) => new URL(r.url).pathname).sort()).toEqual(['/audience-relay-debug.js', '/audience-relay.js']);
      for (const request of toDcs) {
        expect(identifying(request), request.url).toBeNull();
        // CORS without credentials: the crossorigin attribute (the browser sends no cookie in this mode).
        expect(request.mode, request.url).toBe('cors');
      }
      // Nothing but the consented page's one event call reached the DCS: no beacon left the pending page.
      expect(sites.dcs.requests()).toHaveLength(1);
      expect(sites.dcs.requests()[0]!.signals).not.toHaveProperty('c_more');
    });
  }

  test('late consent (the visitor accepts after ready said no-consent): nothing goes out before; then only the frame talks to the DCS with credentials', async ({ page, context, sites }) => {
    const seen = recordRequests(page);
    const frameOrigin = new URL(sites.dcs.url).origin;
    await page.goto(`${sites.publisher.url}/consent/?cmp=late`);
    expect(await readyStatus(page)).toBe('no-consent');
    // Before the CMP answered: no frame, nothing of ours stored, only the tag went to the DCS.
    await expect(page.locator('iframe[title="audience-relay"]')).toHaveCount(0);
    const before = thirdParty([...seen], sites.publisher.url);
    expect(before.map((r) => new URL(r.url).pathname)).toEqual(['/audience-relay.js']);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('ar_')))).toEqual([]);
    expect((await context.cookies(sites.publisher.url)).map((c) => c.name).filter((name) => name.startsWith('ar_') || name === 'aud_seg')).toEqual([]);

    // The CMP answers: segments come, through the frame.
    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect(page.getByTestId('segments')).toHaveText('5001, 5002');
    // The DCS's cookie destination is written by the tag itself (the page configures no
    // outputs, so no outputs bundle is loaded for it): written, and no bundle asked for.
    await expect.poll(async () => (await context.cookies(sites.publisher.url)).some((c) => c.name === 'aud_seg')).toBe(true);
    expect(seen.filter((r) => r.url.includes('/audience-relay-outputs.js'))).toHaveLength(0);
    // Every request's headers are in.
    await expect.poll(() => seen.every((r) => r.mode !== '')).toBe(true);

    const third = thirdParty(seen, sites.publisher.url);
    const credentialed = third.filter((r) => identifying(r) !== null);
    // The frame's document and its event call carry the DCS's cookie (and its uuid comes back)...
    expect(credentialed.length).toBeGreaterThanOrEqual(2);
    for (const request of credentialed) {
      const byFrame = originOf(request.by) === frameOrigin || (request.navigation && request.url.startsWith(`${frameOrigin}/frame.html`));
      expect(byFrame, `${request.url} (${identifying(request)}) made by ${request.by} ${request.navigation}`).toBe(true);
    }
    expect(credentialed.some((r) => new URL(r.url).pathname === '/event' && r.cookie.includes(LEAK))).toBe(true);
    // ...and what the page itself loaded from the DCS (the tag) does not.
    for (const request of third.filter((r) => originOf(r.by) !== frameOrigin && !r.navigation)) {
      expect([request.url, identifying(request), request.mode]).toEqual([request.url, null, 'cors']);
    }
  });
});
