import type { BrowserContext, Page, Request } from '@playwright/test';
import { TCString } from '@iabtcf/core';
import { expect, test } from './fixtures';

// The consent example page with the stand-in CMP (IAB libraries, real TC strings) in each
// scenario. The DCS is mock-dcs on another site; the tag script itself comes from it too, so
// "no DCS request" means nothing but that script.

/** Every request the page makes to the DCS host other than loading the tag script. */
function recordDcsRequests(page: Page, dcsUrl: string): Request[] {
  const host = new URL(dcsUrl).host;
  const seen: Request[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.host === host && url.pathname !== '/audience-relay.js') seen.push(request);
  });
  return seen;
}

/** Our first-party storage on the publisher: cookies and localStorage entries the tag writes. */
async function ourStorage(page: Page, context: BrowserContext): Promise<string[]> {
  const cookies = (await context.cookies(page.url())).map((c) => c.name).filter((name) => /^(__Host-)?ar_/.test(name) || name === 'aud_seg');
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('ar_')));
  // (`ar_cd_<partner>` lists the cookie destinations we wrote, so they can be removed: in
  // localStorage, and as a cookie on the site's domain for those written with a Domain, as the
  // demo's `aud_seg` is: a blank Cookie Domain, Audience Manager's default.)
  return [...cookies, ...stored].sort();
}

/** Every request to one host (ID syncs go to the content provider, destinations to theirs). */
function recordHost(page: Page, host: string): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).hostname === host) seen.push(request.url());
  });
  return seen;
}

test.describe('consent: TCF, GPP, US Privacy, GPC and opt-out', () => {
  test('refused consent: no request to the DCS at all, nothing of ours stored, ready settles no-consent', async ({ page, context, sites }) => {
    const dcsRequests = recordDcsRequests(page, sites.dcs.url);
    await page.goto(`${sites.publisher.url}/consent/?cmp=refused`);
    await expect(page.getByTestId('cmp-state')).toHaveText('consent refused');
    await expect(page.getByTestId('status')).toHaveText('no-consent');
    await expect(page.getByTestId('error')).toContainText('NO_CONSENT');
    // Signals given after the refusal are held too.
    await page.evaluate(() => (window as unknown as { audienceRelay(...args: unknown[]): Promise<unknown> }).audienceRelay('signals', { c_more: 'x' }));
    await page.waitForTimeout(300);
    expect(dcsRequests.map((r) => r.url())).toEqual([]);
    expect(sites.dcs.requests()).toEqual([]);
    expect(await ourStorage(page, context)).toEqual([]);
    await expect(page.locator('iframe[title="audience-relay"]')).toHaveCount(0);
  });

  test('late consent: nothing stored or sent before it; the click releases the queued signals in one call with the TC string', async ({ page, context, sites }) => {
    const dcsRequests = recordDcsRequests(page, sites.dcs.url);
    await page.goto(`${sites.publisher.url}/consent/?cmp=late`);
    await expect(page.getByTestId('cmp-state')).toHaveText('waiting for a choice');
    // The consent deadline (1 s on this page) passes: `ready` says so, and keeps nothing back.
    await expect(page.getByTestId('status')).toHaveText('no-consent');
    expect(dcsRequests).toEqual([]);
    expect(await ourStorage(page, context)).toEqual([]);

    await page.getByRole('button', { name: 'Accept all' }).click();
    await expect(page.getByTestId('segments')).toHaveText('5001, 5002');
    const [call, ...more] = sites.dcs.requests();
    expect(more).toEqual([]);
    expect(call!.signals).toMatchObject({ c_section: ['sports'] });
    const query = new URL(call!.path, 'http://x').searchParams;
    expect(query.get('gdpr')).toBe('1');
    // The TC string the CMP made, decoded: our vendor (565) and purposes 1 and 10 consented.
    const tc = TCString.decode(query.get('gdpr_consent')!);
    expect([tc.vendorConsents.has(565), tc.purposeConsents.has(1), tc.purposeConsents.has(10)]).toEqual([true, true, true]);
    // The DCS accepted the consent (no error 315).
    expect(call!.errors).not.toContain(315);
    // Now, and only now, our storage exists: the device ID, the segment cache, the DCS's cookie.
    await expect.poll(() => ourStorage(page, context)).toEqual(['ar_cd_acme', 'ar_cd_acme', 'ar_seg_acme', 'ar_uuid_acme', 'aud_seg']);
    // And a later `ready` is fresh.
    const later = await page.evaluate(() => (window as unknown as { audienceRelay(...args: unknown[]): Promise<{ status: string }> }).audienceRelay('ready'));
    expect(later.status).toBe('fresh');
  });

  test('consent withdrawn: calls stop, our storage and the segments are cleared', async ({ page, context, sites }) => {
    await page.goto(`${sites.publisher.url}/consent/?cmp=given`);
    await expect(page.getByTestId('status')).toHaveText('fresh');
    await expect.poll(() => ourStorage(page, context)).toEqual(['ar_cd_acme', 'ar_cd_acme', 'ar_seg_acme', 'ar_uuid_acme', 'aud_seg']);
    expect(sites.dcs.requests()).toHaveLength(1);

    await page.getByRole('button', { name: 'Refuse all' }).click();
    await expect(page.getByTestId('segments')).toHaveText('(none)');
    // Everything we wrote is gone, the DCS's cookie destination (segments for ad calls) too.
    await expect.poll(() => ourStorage(page, context)).toEqual([]);
    const result = await page.evaluate(async () => {
      const relay = (window as unknown as { audienceRelay(...args: unknown[]): Promise<{ status: string }> }).audienceRelay;
      await relay('signals', { c_section: 'golf' });
      return relay('ready', { timeoutMs: 300 });
    });
    expect(result.status).toBe('no-consent');
    expect(sites.dcs.requests()).toHaveLength(1);
  });

  test('GDPR not applying: the call carries gdpr=0 and no consent string', async ({ page, sites }) => {
    await page.goto(`${sites.publisher.url}/consent/?cmp=none`);
    await expect(page.getByTestId('status')).toHaveText('fresh');
    const query = new URL(sites.dcs.requests()[0]!.path, 'http://x').searchParams;
    expect([query.get('gdpr'), query.get('gdpr_consent')]).toEqual(['0', '']);
  });

  test('GPC suppresses ID syncs, URL destinations and cookie destinations; without it they happen', async ({ page, context, sites }) => {
    const config = sites.demo();
    config.partners.acme!.destinations = [{ id: 2523, url: 'http://pixel.localhost:9/seg?a=%ALIAS%', segments: { 5001: 'sports' } }];
    sites.dcs.setConfig(config);
    const providerHost = 'provider.localhost';

    // Control: the same page without GPC syncs with the provider and fires the destination.
    const control = await context.newPage();
    const controlSyncs = recordHost(control, providerHost);
    const controlPixels = recordHost(control, 'pixel.localhost');
    await control.goto(`${sites.publisher.url}/consent/?cmp=given`);
    await expect(control.getByTestId('status')).toHaveText('fresh');
    await expect.poll(() => controlSyncs.length).toBe(1);
    await expect.poll(() => controlPixels.length).toBe(1);
    await expect.poll(() => ourStorage(control, context)).toContain('aud_seg');
    await control.close();
    await context.clearCookies();

    // With Global Privacy Control: segments still come, nothing goes to partners.
    sites.dcs.reset();
    sites.dcs.setConfig(config);
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
    const syncs = recordHost(page, providerHost);
    const pixels = recordHost(page, 'pixel.localhost');
    await page.goto(`${sites.publisher.url}/consent/?cmp=given`);
    await expect(page.getByTestId('status')).toHaveText('fresh');
    await expect(page.getByTestId('segments')).toHaveText('5001, 5002');
    await page.waitForTimeout(500);
    expect(syncs).toEqual([]);
    expect(pixels).toEqual([]);
    expect(await ourStorage(page, context)).not.toContain('aud_seg');
  });

  test('a US opt-out of sale (__uspapi) is forwarded as us_privacy and restricts like GPC', async ({ page, context, sites }) => {
    const syncs = recordHost(page, 'provider.localhost');
    await page.goto(`${sites.publisher.url}/consent/?cmp=given&usp=1YYN&gpp=usnat`);
    await expect(page.getByTestId('status')).toHaveText('fresh');
    const query = new URL(sites.dcs.requests()[0]!.path, 'http://x').searchParams;
    expect(query.get('us_privacy')).toBe('1YYN');
    // GPP from the IAB's GPP library: a real string with its US section (7).
    expect(query.get('gpp')).toMatch(/^D[A-Za-z0-9_-]+~[A-Za-z0-9_.-]+$/);
    expect(query.get('gpp_sid')).toBe('7');
    await page.waitForTimeout(300);
    expect(syncs).toEqual([]);
    expect(await ourStorage(page, context)).toEqual(['ar_seg_acme', 'ar_uuid_acme']);
  });

  test('opt-out: the DCS opt-out is called, our storage cleared, and no later page load calls the DCS', async ({ page, context, sites }) => {
    await page.goto(`${sites.publisher.url}/consent/?cmp=given`);
    await expect(page.getByTestId('status')).toHaveText('fresh');
    const optOut = page.waitForRequest((request) => new URL(request.url()).pathname === '/demoptout.jpg');
    await page.getByTestId('opt-out').click();
    await optOut;
    await expect(page.getByTestId('opt-out-state')).toHaveText('opted out on this browser');
    await expect(page.getByTestId('segments')).toHaveText('(none)');
    // Only the opt-out marker is left: the device ID, the cache and the segment cookie are gone.
    // The marker, and its cookie backup (a sign-out's localStorage.clear() must not undo it).
    expect(await ourStorage(page, context)).toEqual(['__Host-ar_optout_acme', 'ar_optout_acme']);
    // The DCS marked the device: its profile is opted out.
    expect(sites.dcs.profiles().map((p) => p['optedOut'])).toEqual([true]);
    await expect(page.locator('iframe[title="audience-relay"]')).toHaveCount(0);

    for (const path of ['/consent/?cmp=given', '/publisher/']) {
      const dcsRequests = recordDcsRequests(page, sites.dcs.url);
      await page.goto(`${sites.publisher.url}${path}`);
      // The consent page shows the status alone; the publisher page adds the reason.
      await expect(page.getByTestId('status')).toHaveText(/^opted-out/);
      await page.waitForTimeout(200);
      expect(dcsRequests.map((r) => r.url())).toEqual([]);
    }
    expect(sites.dcs.requests()).toHaveLength(1);
  });

  test('a framed page finds the CMP of the top page through __tcfapiLocator', async ({ page, sites }) => {
    await page.goto(`${sites.publisher.url}/consent/framed.html?cmp=given`);
    const inner = page.frameLocator('iframe[title="Framed publisher content"]');
    await expect(inner.getByTestId('status')).toHaveText('fresh');
    const query = new URL(sites.dcs.requests()[0]!.path, 'http://x').searchParams;
    expect(query.get('gdpr')).toBe('1');
    expect(TCString.decode(query.get('gdpr_consent')!).vendorConsents.has(565)).toBe(true);

    sites.dcs.reset();
    await page.goto(`${sites.publisher.url}/consent/framed.html?cmp=refused`);
    await expect(inner.getByTestId('status')).toHaveText('no-consent');
    expect(sites.dcs.requests()).toEqual([]);
  });
});
