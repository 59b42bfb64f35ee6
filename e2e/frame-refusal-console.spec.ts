// New-user trial 7: a publisher pastes the snippet with a partner name the DCS's frame does
// not serve (a typo, `acmee`; or another DCS host). The frame refuses the connection, and that
// refusal reaches `ready()`'s result and diagnose() only: the console stays silent. An invalid
// config is logged ("[audience-relay] invalid config: …"), so the page's developer looks at
// the console, finds nothing, and a page that only uses outputs (GPT key-values, never reads
// `ready`) has no sign at all that no segment will ever come.
// Fixed in packages/tag/src/relay.ts: a frame refusal (BAD_REQUEST, VERSION_MISMATCH) is logged
// once on the console, as a refused config is: "[audience-relay] this frame serves partner
// "acme", not "acmee"".
import { readFileSync } from 'node:fs';
import { waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

test('a frame that refuses the page (wrong partner) says so on the console, as a refused config does', async ({ page, sites }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.route(`${sites.publisher.url}/typo/`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Typo</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acmee', dcs: '${sites.dcs.url}', outputs: { gpt: { key: 'aud' } } });`,
        "audienceRelay('signals', { c_section: 'sports' });</script>",
      ].join('\n'),
    }),
  );
  await page.goto(`${sites.publisher.url}/typo/`);
  // The refusal has reached the tag once ready reports it.
  const result = await waitForSegments(page, { timeoutMs: 5000 });
  expect(result.status).toBe('error');
  expect(result.error?.message).toContain('not "acmee"');
  // The console event may reach the test just after ready's answer: poll for it (a positive wait).
  await expect
    .poll(() => errors.filter((text) => text.startsWith('[audience-relay]') && text.includes('acmee')).length, { timeout: 2000, message: errors.join('\n') })
    .toBe(1);
});
