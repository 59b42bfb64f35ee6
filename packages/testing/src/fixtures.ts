import {
  test as base,
  type BrowserContext,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type TestType,
} from '@playwright/test';
import { startMockDcs, type MockDcs, type MockDcsOptions } from '@audience-relay/mock-dcs';
import { checkKitBrowser, type BrowserProfile } from './browser.js';
import { launchProfile } from './profiles.js';
import { kitDcsStarted } from './kit-dcs.js';

export interface RelayTestOptions {
  /**
   * Cookie profile of the browser: `allowed`, `partitioned` or `blocked` (see
   * `profilePreferences`). Undefined: the browser of the Playwright config as it is.
   */
  browserProfile: BrowserProfile | undefined;
}

export interface RelayWorkerOptions {
  /**
   * How each worker's mock DCS starts (`startMockDcs` options): `config` (default: the
   * built-in demo; when given, it is applied again before every test), `port` (default 0: a free one;
   * a fixed port suits one worker), `hostname`, `listen`, `https`, `log`. Remember to allow
   * your pages' origins in `config.partners.<name>.allowedOrigins`. An unknown option is an
   * error. Set it at the top of a file or in the config: Playwright refuses a worker option
   * inside a `describe` ("Cannot use({ dcsOptions }) in a describe group").
   */
  dcsOptions: MockDcsOptions;
}

export interface RelayWorkerFixtures {
  /** The mock DCS, one per worker, reset (profiles, requests, faults; the config of `dcsOptions`) before each test. */
  dcs: MockDcs;
}

/** Every option `dcsOptions` takes: the type makes this list follow `MockDcsOptions`. */
const KNOWN: Record<keyof MockDcsOptions, true> = {
  config: true,
  port: true,
  listen: true,
  hostname: true,
  https: true,
  assets: true,
  log: true,
  maxProfiles: true,
  maxProfileBytes: true,
  requestTimeoutMs: true,
  inactiveMs: true,
  profileStore: true,
};
const DCS_OPTIONS = Object.keys(KNOWN);

/** Throws one error naming every unknown key of `dcsOptions` (a typo must not be ignored). */
export function checkDcsOptions(options: unknown): MockDcsOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`@audience-relay/testing: dcsOptions must be an object of startMockDcs options (${DCS_OPTIONS.join(', ')})`);
  }
  const unknown = Object.keys(options).filter((key) => !DCS_OPTIONS.includes(key));
  if (unknown.length > 0) {
    throw new TypeError(
      `@audience-relay/testing: unknown dcsOptions ${unknown.map((key) => `"${key}"`).join(', ')}; known: ${DCS_OPTIONS.join(', ')}`,
    );
  }
  return options as MockDcsOptions;
}

async function startWorkerDcs(options: MockDcsOptions): Promise<MockDcs> {
  try {
    return await startMockDcs(options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `@audience-relay/testing: dcsOptions.port ${String(options.port)} is in use (by another program, or another ` +
          'Playwright worker: a fixed port needs `workers: 1`).',
      );
    }
    throw error;
  }
}

/**
 * Playwright's `test` with a mock DCS and cookie profiles:
 *
 *   import { test, expect, waitForSegments } from '@audience-relay/testing';
 *   test.use({ dcsOptions: { config: myConfig }, browserProfile: 'blocked' });
 *   test('segments', async ({ page, dcs }) => { ... });
 */
export const test: TestType<
  PlaywrightTestArgs & PlaywrightTestOptions & RelayTestOptions & { resetDcs: void },
  PlaywrightWorkerArgs & PlaywrightWorkerOptions & RelayWorkerOptions & RelayWorkerFixtures & { kitBrowser: void }
> = base.extend<RelayTestOptions & { resetDcs: void }, RelayWorkerOptions & RelayWorkerFixtures & { kitBrowser: void }>({
  browserProfile: [undefined, { option: true }],
  dcsOptions: [{}, { option: true, scope: 'worker' }],
  // Before any browser starts: a Firefox or WebKit project given the kit's Chromium launch
  // options (launchOptions() in a multi-browser config's top-level `use`) is named at once.
  kitBrowser: [
    async ({ browserName, launchOptions }, use) => {
      checkKitBrowser(browserName, launchOptions);
      await use();
    },
    { scope: 'worker', auto: true },
  ],
  dcs: [
    async ({ dcsOptions }, use) => {
      const dcs = await startWorkerDcs(checkDcsOptions(dcsOptions));
      const forget = kitDcsStarted(dcs.url);
      await use(dcs);
      await dcs.close();
      forget();
    },
    { scope: 'worker' },
  ],
  resetDcs: [
    async ({ dcs, dcsOptions }, use) => {
      // The last test's pages may still be sending their page-hide beacon: let it land first.
      await dcsQuiet(dcs);
      dcs.reset();
      // A test may have changed the config (dcs.setConfig): each starts from the worker's.
      if (dcsOptions.config) dcs.setConfig(dcsOptions.config);
      await use();
    },
    { auto: true },
  ],
  // Playwright tells a test about a failed request (a CSP refusal, an ad blocker) only while
  // it listens for one: listening from the start lets diagnose(page) name why the tag did not load.
  page: async ({ page }, use) => {
    page.on('requestfailed', () => undefined);
    await use(page);
  },
  context: async ({ browserProfile, context, dcs }, use) => {
    if (!browserProfile) return use(context);
    // `blocked` refuses the cookies of the DCS this worker runs, whatever its hostname.
    const profiled = await launchProfile(browserProfile, new URL(dcs.url).hostname);
    try {
      await use(profiled as BrowserContext);
    } finally {
      await profiled.dispose();
    }
  },
});

export { expect } from '@playwright/test';

/**
 * Resolves once the mock DCS has recorded no new request for `quietMs` (at most `maxMs`). A
 * page that has just gone away may still be sending the signals it had queued (the tag's
 * page-hide beacon); this lets that call land before the next test looks at `requests()`.
 */
export async function dcsQuiet(dcs: Pick<MockDcs, 'requests'>, quietMs = 100, maxMs = 2000): Promise<void> {
  // The log is a ring of the last 1000 calls: once full its length stays, so the newest
  // entry (the log's own object) tells a new call too.
  const newest = (): [number, unknown] => {
    const list = dcs.requests();
    return [list.length, list[list.length - 1]];
  };
  const started = Date.now();
  let seen = newest();
  let quietSince = started;
  while (Date.now() - quietSince < quietMs && Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = newest();
    if (now[0] !== seen[0] || now[1] !== seen[1]) {
      seen = now;
      quietSince = Date.now();
    }
  }
}
