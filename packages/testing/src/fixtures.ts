import { test as base, type BrowserContext } from '@playwright/test';
import { startMockDcs, type MockDcs, type MockDcsOptions } from '@audience-relay/mock-dcs';
import type { BrowserProfile } from './browser';
import { launchProfile } from './profiles';

export interface RelayTestOptions {
  /**
   * The mock DCS of each worker: its config, port and so on. Default: the built-in demo.
   * Remember to allow your pages' origins in `config.partners.<name>.allowedOrigins`.
   */
  dcsOptions: MockDcsOptions;
  /**
   * Cookie profile of the browser: `allowed`, `partitioned` or `blocked` (see
   * `profilePreferences`). Undefined: the browser of the Playwright config as it is.
   */
  browserProfile: BrowserProfile | undefined;
}

export interface RelayWorkerFixtures {
  /** The mock DCS, one per worker, reset (profiles, requests, faults) before each test. */
  dcs: MockDcs;
}

/**
 * Playwright's `test` with a mock DCS and cookie profiles:
 *
 *   import { test, expect, waitForSegments } from '@audience-relay/testing';
 *   test.use({ dcsOptions: { config: myConfig }, browserProfile: 'blocked' });
 *   test('segments', async ({ page, dcs }) => { ... });
 */
export const test = base.extend<RelayTestOptions & { resetDcs: void }, RelayWorkerFixtures & { dcsOptionsWorker: MockDcsOptions }>({
  dcsOptions: [{}, { option: true }],
  browserProfile: [undefined, { option: true }],
  dcsOptionsWorker: [{}, { option: true, scope: 'worker' }],
  dcs: [
    async ({ dcsOptionsWorker }, use) => {
      const dcs = await startMockDcs(dcsOptionsWorker);
      await use(dcs);
      await dcs.close();
    },
    { scope: 'worker' },
  ],
  resetDcs: [
    async ({ dcs, dcsOptions }, use) => {
      // The last test's pages may still be sending their page-hide beacon: let it land first.
      await dcsQuiet(dcs);
      dcs.reset();
      if (dcsOptions.config) dcs.setConfig(dcsOptions.config);
      await use();
    },
    { auto: true },
  ],
  context: async ({ browserProfile, context }, use) => {
    if (!browserProfile) return use(context);
    const profiled = await launchProfile(browserProfile);
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
