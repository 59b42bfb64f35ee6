import { chromium, type LaunchOptions } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Features Playwright turns off in Chromium, minus ThirdPartyStoragePartitioning: production
 * Chrome partitions third-party storage, and so must our tests. Chromium reads the last
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
];

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Playwright's own Chromium when installed, else the system one (Debian's package here). */
export function chromiumExecutable(): string | undefined {
  const own = chromium.executablePath();
  if (own && existsSync(own)) return undefined;
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const system = SYSTEM_CHROMIUM.find((path) => existsSync(path));
  if (!system) {
    throw new Error(
      'No Chromium found: install Playwright\'s (npx playwright install chromium), a system Chromium ' +
        '(apt-get install chromium), or set CHROMIUM_PATH.',
    );
  }
  return system;
}

export function launchOptions(): LaunchOptions {
  const executablePath = chromiumExecutable();
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
