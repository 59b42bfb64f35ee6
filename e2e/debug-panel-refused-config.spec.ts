// New-user trial (trial5): the README's answer to "why no segments?" is `?audience-relay-debug`
// on the page (or `audienceRelay('debug')`): the panel shows the diagnosis. On a page whose
// `config` was refused (a misspelt option: the commonest first mistake) no panel appears at
// all, with the query or with `debug()`, whose promise resolves all the same; diagnose() knows
// the answer there (`config-refused`). The one page where a new user needs the panel is the one
// where it stays away.
// lead: fix in packages/tag/src (the debug command / ?audience-relay-debug before or without an
// accepted config: open the panel on the diagnosis, as diagnose() gives it).
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

test('a refused config: ?audience-relay-debug opens the panel, and it names the refusal', async ({ page, sites }) => {
  const site = 'http://refused-panel.localhost';
  await page.route(`${site}/sports/?audience-relay-debug`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Sports</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', consnet: { gpc: false } });</script>`,
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/sports/?audience-relay-debug`);
  // The positive signal that the tag has judged the config: the refusal settles ready.
  const ready = await page.evaluate(() => (window as unknown as { audienceRelay: (c: string, o: object) => Promise<{ error?: { code: string } }> }).audienceRelay('ready', { timeoutMs: 100 }));
  expect(ready.error?.code).toBe('BAD_REQUEST');
  await expect(page.getByTestId('debug-panel').getByTestId('debug-summary')).toContainText('consnet', { timeout: 5000 });
});
