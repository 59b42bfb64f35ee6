import type { Page } from '@playwright/test';
import type { BrowserProfile } from '@audience-relay/testing';
import { expect, test } from './fixtures';

async function visit(page: Page, url: string): Promise<{ uuid: string; identity: string }> {
  await page.goto(url);
  await expect(page.getByTestId('status')).toHaveText('fresh');
  return { uuid: (await page.getByTestId('uuid').textContent()) ?? '', identity: (await page.getByTestId('identity').textContent()) ?? '' };
}

// In every profile a repeat visit keeps the device ID, through whichever path the profile
// allows, and the page is told honestly which one it was.
const expectations: Array<{ profile: BrowserProfile; repeat: string }> = [
  { profile: 'allowed', repeat: 'dcs-cookie, unpartitioned storage' },
  { profile: 'partitioned', repeat: 'dcs-cookie, partitioned storage' },
  { profile: 'blocked', repeat: 'first-party, partitioned storage' },
];

for (const { profile, repeat } of expectations) {
  test.describe(`third-party cookies ${profile}`, () => {
    test.use({ browserProfile: profile });

    test(`a repeat visit keeps the same device ID and reports "${repeat}"`, async ({ page, sites }) => {
      const first = await visit(page, `${sites.publisher.url}/publisher/`);
      expect(first.uuid).toMatch(/^\d{38}$/);
      expect(first.identity).toMatch(/^new, /);
      const second = await visit(page, `${sites.publisher.url}/publisher/`);
      expect(second.uuid).toBe(first.uuid);
      expect(second.identity).toBe(repeat);
    });
  });
}

test.describe('third-party cookies blocked, first-party copy removed', () => {
  test.use({ browserProfile: 'blocked' });

  test('the device ID changes each visit: the first-party copy is what keeps it', async ({ page, context, sites }) => {
    const first = await visit(page, `${sites.publisher.url}/publisher/`);
    await context.clearCookies({ name: '__Host-ar_uuid_acme' });
    const second = await visit(page, `${sites.publisher.url}/publisher/`);
    expect(second.uuid).not.toBe(first.uuid);
    expect(second.identity).toMatch(/^new, /);
  });
});
