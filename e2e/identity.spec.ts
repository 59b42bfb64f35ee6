import type { Page } from '@playwright/test';
import type { BrowserProfile } from './browser';
import { expect, test } from './fixtures';
import { launchProfile } from './profiles';

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
  test(`third-party cookies ${profile}: a repeat visit keeps the same device ID and reports "${repeat}"`, async ({ sites }) => {
    const context = await launchProfile(profile);
    try {
      const page = await context.newPage();
      const first = await visit(page, `${sites.publisher.url}/publisher/`);
      expect(first.uuid).toMatch(/^\d{38}$/);
      expect(first.identity).toMatch(/^new, /);
      const second = await visit(page, `${sites.publisher.url}/publisher/`);
      expect(second.uuid).toBe(first.uuid);
      expect(second.identity).toBe(repeat);
    } finally {
      await context.dispose();
    }
  });
}

test('without the first-party copy, a browser that refuses the DCS cookies gets a new device ID each visit', async ({ sites }) => {
  // The control for the "blocked" profile: it is the tag's first-party cookie that keeps the ID.
  const context = await launchProfile('blocked');
  try {
    const page = await context.newPage();
    const first = await visit(page, `${sites.publisher.url}/publisher/`);
    await context.clearCookies({ name: 'ar_uuid_acme' });
    const second = await visit(page, `${sites.publisher.url}/publisher/`);
    expect(second.uuid).not.toBe(first.uuid);
    expect(second.identity).toMatch(/^new, /);
  } finally {
    await context.dispose();
  }
});
