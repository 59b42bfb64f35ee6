export { dcsQuiet, test, expect, type RelayTestOptions, type RelayWorkerFixtures } from './fixtures';
export { chromiumExecutable, launchOptions, profilePreferences, SYSTEM_CHROMIUM, type BrowserProfile } from './browser';
export { launchProfile } from './profiles';
export { diagnose, waitForHandshake, waitForSegments, type DiagnosisLike, type ReadyResultLike, type WaitOptions } from './relay-page';
