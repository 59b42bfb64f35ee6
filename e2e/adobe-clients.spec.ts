import type { Request } from '@playwright/test';
import type { MockDcsConfig } from '@audience-relay/mock-dcs';
import { expect, test } from './fixtures';

// One mock-dcs, spoken to as Adobe's Visitor API 5.5 and DIL 9.5 do (an /id call, a DIL-style
// CORS POST, dest5.html messages) and through audience-relay, in Chromium
// (DCS-PROTOCOL.md §6). The page is examples/adobe-clients/.

const PIXEL_HOST = 'px.localhost:9';

// Each test loads a page that makes several calls one after another (the clients' order),
// on a machine that may be busy: a longer budget than one call's.
test.describe.configure({ timeout: 90_000 });

/** The demo, with a URL destination for segment 5001 and the device cookie set for the whole DCS domain. */
function withAdobeSetup(demo: MockDcsConfig): MockDcsConfig {
  const acme = demo.partners.acme!;
  acme.destinations = [{ id: 2523, url: `http://${PIXEL_HOST}/s?seg=%ALIAS%&mcid=%MCID%`, segments: { 5001: 'sports' } }];
  return { ...demo, deviceCookie: { domain: '.dcs.localhost' } };
}

/** Requests the destination-publishing iframe made. */
function fromDest5(requests: Request[]): string[] {
  return requests.filter((r) => r.frame().url().includes('/dest5.html')).map((r) => r.url());
}

test.describe('third-party cookies allowed', () => {
  test.use({ browserProfile: 'allowed' });

  test('Adobe-style calls and audience-relay share one device on one mock-dcs: MID, region, blob; DIL POST; syncs and destinations fired through dest5.html', async ({ page, context, sites }) => {
    sites.dcs.setConfig(withAdobeSetup(sites.demo()));
    const requests: Request[] = [];
    page.on('request', (request) => void requests.push(request));
    await page.goto(`${sites.publisher.url}/adobe-clients/`);
    await expect(page.getByTestId('status')).toHaveText('done', { timeout: 15_000 });

    const mid = (await page.getByTestId('mid').textContent()) ?? '';
    expect(mid).toMatch(/^\d{38}$/);
    await expect(page.getByTestId('region')).toHaveText('7');
    await expect(page.getByTestId('blob')).toHaveText(/^[A-Za-z0-9_-]{20,}$/);
    await expect(page.getByTestId('subdomain')).toHaveText('acme');
    await expect(page.getByTestId('ibs')).toHaveText('411');

    // The device cookie, set by /id for .dcs.localhost, is the device every call agrees on.
    const cookie = (await context.cookies(sites.dcs.url)).find((c) => c.name === 'demdex');
    expect(cookie?.domain).toBe('.dcs.localhost');
    const uuid = cookie?.value ?? '';
    expect(uuid).toMatch(/^\d{38}$/);
    await expect(page.getByTestId('dil-uuid')).toHaveText(uuid);
    await expect(page.getByTestId('dil-errors')).toHaveText('(none)');
    await expect(page.getByTestId('dil-stuff')).toHaveText('aud_seg=seg=5001,5003');
    await expect(page.getByTestId('dil-dests')).toHaveText('2523');
    await expect(page.getByTestId('uuid')).toHaveText(uuid);
    await expect(page.getByTestId('segments')).toContainText('5001');

    // DIL's POST: the query string counted, h_referer the full page URL, d_ld no signal.
    const dil = sites.dcs.requests().find((r) => r.path.startsWith('/event?d_dil_ver=9.5&_ts='));
    expect(dil).toMatchObject({ method: 'POST', uuid, status: 200, errors: [] });
    expect(dil?.signals.h_referer).toEqual([`${sites.publisher.url}/adobe-clients/`]);
    expect(dil?.signals.d_ld).toBeUndefined();

    // dest5.html fired Visitor's ID sync and DIL's URL destination (with %MCID%), and the
    // sync landed on the same profile.
    await expect(page.getByTestId('third-party-cookies')).toHaveText('can be set');
    await expect.poll(() => fromDest5(requests)).toEqual(
      expect.arrayContaining([`http://provider.localhost:${sites.provider.port}/sync?uuid=${uuid}`, `http://${PIXEL_HOST}/s?seg=sports&mcid=${mid}`]),
    );
    await expect.poll(() => sites.dcs.profiles().find((p) => p.uuid === uuid)?.syncedIds).toEqual({ 777: expect.any(String) });
  });

  test('dest5.html fires an ID sync at most once per TTL: a second visit fires none', async ({ page, sites }) => {
    sites.dcs.setConfig(withAdobeSetup(sites.demo()));
    await page.goto(`${sites.publisher.url}/adobe-clients/`);
    await expect(page.getByTestId('status')).toHaveText('done', { timeout: 15_000 });
    const requests: Request[] = [];
    page.on('request', (request) => void requests.push(request));
    await page.reload();
    await expect(page.getByTestId('status')).toHaveText('done', { timeout: 15_000 });
    // The URL destination fires again (it has no TTL): once it has, the messages were handled.
    await expect.poll(() => fromDest5(requests).filter((url) => url.includes(PIXEL_HOST))).toHaveLength(1);
    expect(fromDest5(requests).filter((url) => url.includes('/sync?'))).toEqual([]);
  });
});

test.describe('third-party cookies blocked', () => {
  test.use({ browserProfile: 'blocked' });

  test('dest5.html reports it, and the DIL call of a device known by d_mid but without its cookie gets error 172, explained', async ({ page, sites }) => {
    sites.dcs.setConfig(withAdobeSetup(sites.demo()));
    await page.goto(`${sites.publisher.url}/adobe-clients/`);
    await expect(page.getByTestId('status')).not.toHaveText('waiting…', { timeout: 15_000 });
    await expect(page.getByTestId('third-party-cookies')).toHaveText('blocked');
    await expect(page.getByTestId('dil-errors')).toHaveText(/^172 Blocked cookies: /);
  });
});
