// The QA kit on an app that bundles the npm module (`createAudienceRelay`) instead of pasting
// the snippet: such a page has no `audienceRelay()` global. New-user trial 6: a QA team testing
// its developers' Vite app got "There is no audienceRelay() on the page: the snippet is not
// pasted" from waitForSegments and diagnose, and docs/qa-kit.md had no way to wait for that
// app's segments. The kit now takes the relay object the app exposes for its tests (the
// name given as `global`, default `audienceRelay`) and calls its `ready` and `diagnose`.
import { readFileSync } from 'node:fs';
import { diagnose, waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

/** The npm module's published ESM build: one self-contained file, as a bundler would inline it. */
const npmBuild = readFileSync(new URL('../packages/tag/dist/index.js', import.meta.url), 'utf8');
const site = 'http://npm-app.localhost';

/** Serves an app page that creates its relay from the npm build; `expose` is the line after it. */
async function serveApp(page: import('@playwright/test').Page, dcsUrl: string, expose: string): Promise<void> {
  await page.route(`${site}/tag.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: npmBuild }));
  await page.route(`${site}/sports/`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Sports</title><h1>Sports</h1>',
        '<script type="module">',
        "import { createAudienceRelay } from '/tag.js';",
        `const relay = createAudienceRelay({ partner: 'acme', dcs: '${dcsUrl}' });`,
        "relay.signals({ c_section: 'sports' });",
        expose,
        '</script>',
      ].join('\n'),
    }),
  );
}

test('waitForSegments and diagnose use the relay an npm-built app exposes for its tests', async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  await serveApp(page, sites.dcs.url, 'window.appRelay = relay;');
  await page.goto(`${site}/sports/`);
  const result = await waitForSegments(page, { global: 'appRelay', timeoutMs: 5000 });
  expect(result.status, (await diagnose(page, { global: 'appRelay' })).summary).toBe('fresh');
  expect(result.segments).toContain('5001');
  const diagnosis = await diagnose(page, { global: 'appRelay' });
  expect(diagnosis.ok, diagnosis.summary).toBe(true);
  expect(diagnosis.reasons.map((r) => r.code)).not.toContain('no-snippet');
});

test('an npm-built app that exposes no relay: the diagnosis says how to expose it, not only that the snippet is missing', async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  await serveApp(page, sites.dcs.url, '');
  await page.goto(`${site}/sports/`);
  const { reasons } = await diagnose(page);
  expect(reasons[0]?.code).toBe('no-snippet');
  expect(reasons[0]?.message).toContain('window.audienceRelay = relay');
});
