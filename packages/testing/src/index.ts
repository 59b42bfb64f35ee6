export { checkDcsOptions, dcsQuiet, test, expect, type RelayTestOptions, type RelayWorkerFixtures, type RelayWorkerOptions } from './fixtures.js';
export { chromiumExecutable, launchOptions, profilePreferences, SYSTEM_CHROMIUM, type BrowserProfile } from './browser.js';
export { launchProfile } from './profiles.js';
export { diagnose, waitForHandshake, waitForSegments, type DiagnoseOptions, type DiagnosisLike, type ReadyResultLike, type ReadyStatusLike, type WaitOptions } from './relay-page.js';
