// New-user trial (trial5): a publisher pastes the README's outputs example and mistypes one key
// (`slot` for `slots`). Through the CDN tag the outputs bundle refuses the WHOLE outputs config:
// the console says `[audience-relay] invalid config: unknown option "outputs.gpt.slot"`, and
// the Prebid entry, the segment cookie and the dataLayer push (all spelt right) never happen;
// only the page-level GPT key, which the tag sets itself, is there. `diagnose()` then answers
// `ok: true`, "2 fresh segments", with no word about the refused outputs: the publisher who
// asks "why does Prebid not get our segments?" is told all is well.
// Fixed (session g) in packages/tag/src/outputs/lazy.ts / debug/diagnose.ts (keep the refusal in the
// snapshot and name it in diagnose(); config-reference.md says outputs problems are reported
// on the console only).
import { readFileSync } from 'node:fs';
import { diagnose, waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

test('a misspelt outputs key: diagnose() names the refused outputs instead of saying all is well', async ({ page, sites }) => {
  const site = 'http://outputs-typo.localhost';
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.route(`${site}/sports/`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Sports</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        '<script>',
        `audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', outputs: {`,
        "  gpt: { key: 'aud', slot: ['div-top'] },",
        "  prebid: { name: 'dcs.example', segtax: 600 },",
        "  cookie: { name: 'aud_seg', days: 30 },",
        '  dataLayer: true,',
        '} });',
        "audienceRelay('signals', { c_section: 'sports', p_age: 23 });",
        '</script>',
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/sports/`);
  const result = await waitForSegments(page, { timeoutMs: 5000 });
  expect(result.status).toBe('fresh');
  // The positive signal that the outputs bundle has run and judged the config.
  await expect.poll(() => consoleErrors.some((text) => text.includes('outputs.gpt.slot'))).toBe(true);
  const diagnosis = await diagnose(page);
  expect(diagnosis.reasons.map((reason) => reason.message).join(' '), diagnosis.summary).toContain('outputs.gpt.slot');
});
