export { test, expect, type RelayTestOptions, type RelayWorkerFixtures } from './fixtures';
export { chromiumExecutable, launchOptions, profilePreferences, SYSTEM_CHROMIUM, type BrowserProfile } from './browser';
export { launchProfile } from './profiles';
export { waitForHandshake, waitForSegments, type ReadyResultLike, type WaitOptions } from './relay-page';
