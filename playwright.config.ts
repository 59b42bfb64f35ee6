import { defineConfig } from '@playwright/test';
import { launchOptions } from '@audience-relay/testing';

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: launchOptions(),
    trace: 'retain-on-failure',
  },
});
