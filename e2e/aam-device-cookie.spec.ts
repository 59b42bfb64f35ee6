// The tag against a DCS that sets its device cookie as Audience Manager does: `demdex` is
// `SameSite=None; Secure`, not `Partitioned` ("Google Chrome SameSite labelling changes",
// https://experienceleague.adobe.com/docs/id-service/using/reference/chrome-samesite-labelling.html;
// "Audience Manager cookies", https://experienceleague.adobe.com/docs/core-services/interface/ec-cookies/cookies-am.html).
// mock-dcs sets a Partitioned cookie by default, which Chromium keys by the top-level site
// even where third-party cookies are allowed. Against the default mock (measured in this
// Chromium): two publisher sites get one device ID each; a global opt-out made first-party on
// the DCS ("Opt-out management": GET https://www.demdex.net/demoptout.jpg with the demdex
// cookie) does not reach a publisher site whose partition has no NOTARGET cookie; and the
// `partitioned` profile reports `dcs-cookie` where Audience Manager's cookie is refused. With
// `deviceCookie.partitioned: false` (fidelity review; refused as an unknown option before)
// mock-dcs answers as Audience Manager does, and these tests pin what the tag then does in
// each cookie profile.
import type { Page } from '@playwright/test';
import type { MockDcsConfig } from '@audience-relay/mock-dcs';
import type { BrowserProfile } from '@audience-relay/testing';
import { expect, test, type Sites } from './fixtures';

interface Ready {
  status: string;
  segments: string[];
  uuid: string | null;
  identity: { source: string; partitioned: boolean | null };
}

/**
 * Opens the publisher example and asks for its result with a deadline long enough for a loaded
 * machine (the page's own is 1.5 s); identity as the page shows it.
 */
async function visit(page: Page, url: string): Promise<{ uuid: string; identity: string; segments: string[] }> {
  await page.goto(url);
  const ready = await page.evaluate(() => (window as unknown as { audienceRelay(command: 'ready', options: object): Promise<Ready> }).audienceRelay('ready', { timeoutMs: 20_000 }));
  expect(ready.status).toBe('fresh');
  const storage = ready.identity.partitioned === null ? 'unknown' : ready.identity.partitioned ? 'partitioned' : 'unpartitioned';
  return { uuid: ready.uuid ?? '', identity: `${ready.identity.source}, ${storage} storage`, segments: ready.segments };
}

/** The demo config with Audience Manager's cookie (or the mock's default), `news.localhost` allowed too. */
function aamConfig(sites: Sites, partitioned: boolean): { config: MockDcsConfig; news: string } {
  const config = sites.demo();
  const news = sites.publisher.url.replace('publisher.localhost', 'news.localhost');
  for (const partner of Object.values(config.partners)) partner.allowedOrigins.push(news);
  return { config: { ...config, deviceCookie: { ...config.deviceCookie, partitioned } }, news };
}

// In every profile a repeat visit keeps the device ID; where third-party cookies are blocked
// Audience Manager's cookie is refused, and the tag's first-party copy (d_uuid) carries it.
const expectations: Array<{ profile: BrowserProfile; repeat: string }> = [
  { profile: 'allowed', repeat: 'dcs-cookie, unpartitioned storage' },
  { profile: 'partitioned', repeat: 'first-party, partitioned storage' },
  { profile: 'blocked', repeat: 'first-party, partitioned storage' },
];

for (const { profile, repeat } of expectations) {
  test.describe(`Audience Manager's unpartitioned cookie, third-party cookies ${profile}`, () => {
    test.use({ browserProfile: profile });

    test(`a repeat visit keeps the device ID and reports "${repeat}"`, async ({ page, sites }) => {
      sites.dcs.setConfig(aamConfig(sites, false).config);
      const first = await visit(page, `${sites.publisher.url}/publisher/`);
      expect(first.uuid).toMatch(/^\d{38}$/);
      expect(first.identity).toMatch(/^new, /);
      const second = await visit(page, `${sites.publisher.url}/publisher/`);
      expect(second.uuid).toBe(first.uuid);
      expect(second.identity).toBe(repeat);
    });
  });
}

test.describe('third-party cookies allowed: one device across publisher sites', () => {
  test.use({ browserProfile: 'allowed' });

  test('with Audience Manager\'s cookie two publisher sites see one device ID', async ({ page, sites }) => {
    const aam = aamConfig(sites, false);
    sites.dcs.setConfig(aam.config);
    const publisher = await visit(page, `${sites.publisher.url}/publisher/`);
    const news = await visit(page, `${aam.news}/publisher/`);
    expect(publisher.uuid).toMatch(/^\d{38}$/);
    expect(news.uuid).toBe(publisher.uuid);
    expect(news.identity).toBe('dcs-cookie, unpartitioned storage');
  });

  test('with the mock\'s partitioned default they see one device ID each (what Audience Manager would not do)', async ({ page, sites }) => {
    const chips = aamConfig(sites, true);
    sites.dcs.setConfig(chips.config);
    const publisher = await visit(page, `${sites.publisher.url}/publisher/`);
    const news = await visit(page, `${chips.news}/publisher/`);
    expect(news.uuid).toMatch(/^\d{38}$/);
    expect(news.uuid).not.toBe(publisher.uuid);
    expect(news.identity).toBe('new, unpartitioned storage');
  });

  test('a global opt-out made first-party on the DCS (Adobe\'s documented /demoptout.jpg) holds on every publisher site, one not visited before too', async ({ page, sites }) => {
    const aam = aamConfig(sites, false);
    sites.dcs.setConfig(aam.config);
    const before = await visit(page, `${sites.publisher.url}/publisher/`);
    expect(before.segments).toContain('5001');
    // The visitor opts out on the DCS's own site, as Adobe's opt-out link does.
    await page.goto(`${sites.dcs.url}/demoptout.jpg`);
    const cookies = await page.context().cookies(sites.dcs.url);
    expect(cookies.find((cookie) => cookie.name === 'demdex')?.value).toBe('NOTARGET');
    for (const site of [sites.publisher.url, aam.news]) {
      const after = await visit(page, `${site}/publisher/`);
      expect(after.uuid).not.toMatch(/^\d{38}$/);
      expect(after.segments).not.toContain('5001');
    }
  });
});
