// New-user trial 9: `consent: { requireTcf: true }` copied from config-reference.md on a page
// whose CMP is not set up (not pasted yet, or loaded by a tag manager that did not fire). For
// the first 30 s (the tag looks for a late CMP that long) diagnose() says "The page's CMP has
// not answered within consent.timeoutMs", as for a CMP that is there and slow: the developer
// looks for a CMP's answer on a page that has no CMP. Only after 30 s does it say what is
// true ("No TCF CMP answered on this page, and consent.requireTcf counts that as no consent").
import { readFileSync } from 'node:fs';
import { diagnose, waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const site = 'http://require-tcf.localhost:47198';

// Fixed (session j) in debug/diagnose.ts (diagnoseLive): waiting on a CMP while the page has none is said so, naming requireTcf.
test('requireTcf on a page without a TCF CMP: diagnose() says there is no CMP, not that it has not answered', async ({ page, sites }) => {
  await page.route(`${site}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body:
        `<!doctype html><title>No CMP</title><script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>` +
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', consent: { requireTcf: true } });</script>`,
    }),
  );
  await page.goto(`${site}/`);
  expect((await waitForSegments(page, { timeoutMs: 1200 })).status).toBe('no-consent');
  const { reasons, summary } = await diagnose(page);
  expect(reasons[0]?.code).toMatch(/^(no-consent|consent-pending)$/);
  expect(summary).toContain('requireTcf');
});
