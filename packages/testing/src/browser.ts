import { chromium, type LaunchOptions } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Features Playwright turns off in Chromium, minus ThirdPartyStoragePartitioning (production
 * Chrome partitions third-party storage, and so must our tests), plus LocalNetworkAccessChecks. Chromium reads the last
 * `--disable-features` switch, and launch `args` come after Playwright's own.
 */
const DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  // Local Network Access: a page fulfilled by `page.route` has no IP address, so Chromium
  // counts it as public and refuses its requests to the mock DCS on loopback. In production
  // the page and the DCS are both public and the check never applies; here it would only
  // break tests that serve their pages that way (e2e/qa-kit-routed-page.spec.ts).
  'LocalNetworkAccessChecks',
];

/** The usual install locations of a system Chromium or Chrome. */
export const SYSTEM_CHROMIUM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/**
 * The Chromium to run: an explicit path (argument or `CHROMIUM_PATH`), else Playwright's
 * own browser when installed (undefined: Playwright finds it), else a system one at the
 * usual install locations. Throws a message that says what to install when there is none.
 */
export function chromiumExecutable(explicit = process.env.CHROMIUM_PATH): string | undefined {
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CHROMIUM_PATH / executable "${explicit}" does not exist.`);
    return explicit;
  }
  const own = chromium.executablePath();
  if (own && existsSync(own)) return undefined;
  const system = SYSTEM_CHROMIUM.find((path) => existsSync(path));
  if (!system) {
    throw new Error(
      'No Chromium found. Install Playwright\'s (npx playwright install chromium) or a system ' +
        `Chromium (e.g. apt-get install chromium), or set CHROMIUM_PATH. Looked in: ${SYSTEM_CHROMIUM.join(', ')}.`,
    );
  }
  return system;
}

/**
 * Launch options for headless Chromium as production Chrome behaves: third-party storage
 * partitioning on (Playwright turns it off), no background traffic to the internet.
 */
export function launchOptions(executable?: string): LaunchOptions {
  const executablePath = chromiumExecutable(executable);
  return {
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      `--disable-features=${DISABLED_FEATURES.join(',')}`,
    ],
  };
}

/**
 * Throws when a Playwright project that runs another browser than Chromium (Firefox, WebKit)
 * got the kit's Chromium launch options: a config made by `npm init playwright` has a project
 * per browser, and `launchOptions()` put in the top-level `use` reaches every one of them.
 * Firefox launched with Chromium's executable does not start, and Playwright says so only after
 * its 180 s launch timeout; this says at once what to change.
 */
export function checkKitBrowser(browserName: string, options: LaunchOptions | undefined): void {
  if (browserName === 'chromium' || !options) return;
  const chromiumArgs = options.args?.includes(`--disable-features=${DISABLED_FEATURES.join(',')}`) ?? false;
  const chromiumPath = options.executablePath !== undefined && (SYSTEM_CHROMIUM.includes(options.executablePath) || options.executablePath === process.env.CHROMIUM_PATH);
  if (!chromiumArgs && !chromiumPath) return;
  throw new Error(
    `@audience-relay/testing: this Playwright project runs ${browserName}, with the kit's Chromium launch options (launchOptions()` +
      `${options.executablePath ? `: ${options.executablePath}` : ''}), so its browser cannot start. The kit runs Chromium: put ` +
      "`launchOptions: launchOptions()` in the `use` of your Chromium project (projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], " +
      "launchOptions: launchOptions() } }]) rather than in the top-level `use`, and run the kit's tests in that project (npx playwright test --project chromium).",
  );
}

/**
 * Browser profiles for identity tests, as Chromium user preferences:
 * - `allowed`: third-party cookies allowed (the frame has unpartitioned storage access);
 * - `partitioned`: third-party cookies blocked, as production Chrome does when a user or
 *   incognito blocks them: partitioned (CHIPS) cookies and partitioned storage remain;
 * - `blocked`: the DCS site's cookies refused outright, partitioned ones too, as in browsers
 *   that block every third-party cookie. Only the publisher's first-party cookies remain.
 */
export type BrowserProfile = 'allowed' | 'partitioned' | 'blocked';

export function profilePreferences(profile: BrowserProfile, dcsHost = 'dcs.localhost'): object {
  if (profile === 'allowed') return { profile: { cookie_controls_mode: 0, block_third_party_cookies: false } };
  const blocked = { cookie_controls_mode: 1, block_third_party_cookies: true };
  if (profile === 'partitioned') return { profile: blocked };
  return { profile: { ...blocked, content_settings: { exceptions: { cookies: { [`[*.]${dcsHost},*`]: { setting: 2 } } } } } };
}
