import { chromium, type BrowserContext } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchOptions, profilePreferences, type BrowserProfile } from './browser.js';

/**
 * A fresh browser with the preferences of `profile`; `dispose()` closes it and removes its data.
 * `dcsHost`: the DCS's host name, whose cookies `blocked` refuses (default `dcs.localhost`).
 */
export async function launchProfile(profile: BrowserProfile, dcsHost?: string): Promise<BrowserContext & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `audience-relay-${profile}-`));
  mkdirSync(join(dir, 'Default'), { recursive: true });
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify(profilePreferences(profile, dcsHost)));
  const context = await chromium.launchPersistentContext(dir, launchOptions());
  return Object.assign(context, {
    async dispose() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
