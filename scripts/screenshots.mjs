// @ts-check
// npm run screenshots: pictures of the real example pages for the README, taken in
// Chromium against the mock DCS, so they show what the code does today.
import { chromium } from '@playwright/test';
import { DEMO_PROVIDER_DPID, demoConfig, startContentProvider, startMockDcs } from '@audience-relay/mock-dcs';
import { launchOptions } from '@audience-relay/testing';
import { mkdirSync } from 'node:fs';
import { startExamplesServer } from '../examples/server.mjs';

const out = 'docs/screenshots';
mkdirSync(out, { recursive: true });
const dcs = await startMockDcs();
const provider = await startContentProvider({ dcsUrl: dcs.url, dpid: DEMO_PROVIDER_DPID });
const examples = await startExamplesServer({ dcsUrl: dcs.url });
dcs.setConfig(demoConfig([examples.url], { browserUrl: `http://provider.localhost:${provider.port}`, serverUrl: provider.url }));
const browser = await chromium.launch(launchOptions());
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 760 } });
  await page.goto(`${examples.url}/publisher/`);
  await page.getByTestId('status').getByText('fresh').waitFor();
  await page.screenshot({ path: `${out}/publisher.png` });
  // The second view: the frame synced the visitor with the content provider, whose segment
  // now qualifies 5005 in real time.
  await page.waitForTimeout(500);
  await page.reload();
  await page.getByTestId('segments').getByText('5005').waitFor();
  await page.screenshot({ path: `${out}/publisher-real-time-provider.png` });
  // The debug panel, opened from the URL, over the same page.
  await page.goto(`${examples.url}/publisher/?audience-relay-debug`);
  await page.getByTestId('debug-summary').getByText('fresh segment').waitFor();
  await page.screenshot({ path: `${out}/debug-panel.png` });
  // Consent: the stand-in CMP has not been answered; nothing is stored or sent.
  await page.goto(`${examples.url}/consent/?cmp=late&audience-relay-debug`);
  await page.getByTestId('status').getByText('no-consent').waitFor();
  await page.screenshot({ path: `${out}/consent-waiting.png` });
  // A first visit (a new profile, nothing cached) with a slow DCS.
  const qa = await browser.newPage({ viewport: { width: 900, height: 420 } });
  await qa.goto(`${examples.url}/qa/scenario.html?fault=slow&timeoutMs=800`);
  await qa.getByTestId('status').getByText('timeout').waitFor();
  await qa.screenshot({ path: `${out}/qa-slow-dcs.png` });
  console.log(`screenshots written to ${out}/`);
} finally {
  await browser.close();
  await Promise.all([dcs.close(), provider.close(), examples.close()]);
}
