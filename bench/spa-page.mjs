// @ts-check
// The SPA example in real Chromium against a mock DCS of its own, its first page view answered:
// where the SPA soak and the in-flight check start (both then make calls while others fly).
import { chromium } from '@playwright/test';
import { demoConfig, startMockDcs } from '@audience-relay/mock-dcs';
import { launchOptions } from '@audience-relay/testing';
import { startExamplesServer } from '../examples/server.mjs';

/** The page, its DCS, the page's uncaught errors so far, and `close()` for all of it. */
export async function openSpaPage() {
  const dcs = await startMockDcs();
  const examples = await startExamplesServer({ dcsUrl: dcs.url });
  dcs.setConfig(demoConfig([examples.url]));
  const browser = await chromium.launch(launchOptions());
  const close = async () => {
    await browser.close();
    await Promise.all([dcs.close(), examples.close()]);
  };
  try {
    const page = await browser.newPage();
    /** @type {string[]} */
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${examples.url}/spa/`);
    await page.evaluate(() => /** @type {any} */ (window).audienceRelay('ready', { timeoutMs: 15000 }));
    return { dcs, page, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}
