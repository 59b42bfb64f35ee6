// playwright.config.ts
import { defineConfig } from '@playwright/test';
import { launchOptions, type RelayTestOptions, type RelayWorkerOptions } from '@audience-relay/testing';

// The type arguments let `use` take the kit's options too (dcsOptions, browserProfile) for every file.
export default defineConfig<RelayTestOptions, RelayWorkerOptions>({
  // One worker: the mock DCS listens on the fixed port your pages' snippet points at.
  workers: 1,
  use: { launchOptions: launchOptions() },
});
