// New-user trial (trial5): through the CDN tag, a publisher's config with a slip (`dcs` without
// its scheme, `timeoutMs` as a string: both common when values come from a CMS) is refused with
// the tag's short message, `[audience-relay] invalid config: dcs; timeoutMs` (config-reference.md:
// the CDN tag names fields only, to save every visitor the bytes). The publisher then asks
// diagnose(), whose debug bundle loads on demand (where bytes cost no visitor anything), and
// gets the same words back: nothing says what is wrong with `dcs` or what it expects. The npm
// build's texts say it ("dcs: expected an http(s) origin, like https://dcs.example").
// lead: fix in packages/tag/src/debug/diagnose.ts (keep the refused config for the debug bundle
// and explain each problem with the full texts of config-reference.md).
import { readFileSync } from 'node:fs';
import { diagnose, waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

test('a refused config: diagnose() says what each field expects, not only its name', async ({ page, sites }) => {
  const site = 'http://config-slip.localhost';
  await page.route(`${site}/sports/`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Sports</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${new URL(sites.dcs.url).host}', timeoutMs: '800' });</script>`,
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/sports/`);
  const result = await waitForSegments(page, { timeoutMs: 1000 });
  // The refusal is there, in the tag's short words.
  expect(result.error?.message).toBe('[audience-relay] invalid config: dcs; timeoutMs');
  const diagnosis = await diagnose(page);
  expect(diagnosis.reasons[0]?.code).toBe('config-refused');
  expect(diagnosis.reasons[0]?.message).toContain('expected an http(s) origin');
  expect(diagnosis.reasons[0]?.message).toContain('timeoutMs: expected whole milliseconds');
});
