// playwright.config.ts
import { defineConfig } from '@playwright/test';
import { launchOptions } from '@audience-relay/testing';

export default defineConfig({
  // One worker: the mock DCS listens on the fixed port your pages' snippet points at.
  workers: 1,
  use: { launchOptions: launchOptions() },
});
