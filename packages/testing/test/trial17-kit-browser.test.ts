// New-user trial 17 (QA, a multi-browser Playwright config): `npm init playwright` makes a
// project per browser (chromium, firefox, webkit); docs/qa-kit.md's "use launchOptions() in your
// playwright.config.ts" put in the top-level `use` reached the firefox project too, which
// Playwright then launched as /usr/bin/chromium, and the test failed after 180 s with
// `browserType.launch: Timeout 180000ms exceeded` and a Chromium shell error. The kit's worker
// now names the mistake before any browser starts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkKitBrowser, launchOptions } from '../src/browser';

describe('checkKitBrowser', () => {
  const kit = { ...launchOptions('/bin/sh'), executablePath: '/usr/bin/chromium' };

  it("refuses a Firefox or WebKit project given the kit's Chromium launch options, saying where they go", () => {
    for (const browser of ['firefox', 'webkit']) {
      expect(() => checkKitBrowser(browser, kit)).toThrow(`this Playwright project runs ${browser}, with the kit's Chromium launch options`);
      expect(() => checkKitBrowser(browser, kit)).toThrow("in the `use` of your Chromium project");
      // Spread into options of the user's own (headless: false), or without an executable path.
      expect(() => checkKitBrowser(browser, { args: launchOptions('/bin/sh').args ?? [], headless: false })).toThrow(/runs/);
    }
  });

  it('lets Chromium projects and other browsers with their own options be', () => {
    expect(() => checkKitBrowser('chromium', kit)).not.toThrow();
    expect(() => checkKitBrowser('firefox', {})).not.toThrow();
    expect(() => checkKitBrowser('firefox', undefined)).not.toThrow();
    expect(() => checkKitBrowser('webkit', { args: ['--foo'] })).not.toThrow();
  });
});

it("docs/qa-kit.md says where launchOptions() goes in a config with a project per browser", () => {
  const doc = readFileSync(new URL('../../../docs/qa-kit.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## Browsers'), doc.indexOf('## Pages that still run'));
  expect(section).toContain("projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions: launchOptions() } }]");
  expect(section).toContain('--project chromium');
});
