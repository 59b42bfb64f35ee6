// New-user trial 9: README.md's "Paste the tag" block copied as written, its placeholder
// `/* contents of @audience-relay/tag's dist/snippet.min.js */` left inside the <script>: the page
// throws "audienceRelay is not defined", and the kit's diagnose() (and waitForSegments, after
// its 10 s) said "the snippet is not pasted, or its global has another name": the developer
// sees a snippet <script> on the page and looks for a naming problem. It now names the script
// and what it holds instead of the snippet's code.
import { diagnose } from '@audience-relay/testing';
import { expect, test } from './fixtures';

test("the docs' snippet block pasted with its placeholder: diagnose() says the script holds no snippet code", async ({ page, sites }) => {
  await page.setContent(
    `<!doctype html><title>Placeholder</title>` +
      `<script data-src="${sites.dcs.url}/audience-relay.js">/* contents of @audience-relay/tag's dist/snippet.min.js */</script>` +
      `<script>audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}' });</script>`,
  );
  const { reasons, summary } = await diagnose(page);
  expect(reasons[0]?.code).toBe('no-snippet');
  expect(summary).toContain('holds no snippet code');
  expect(summary).toContain('contents of @audience-relay/tag');
});

// Holds before and after (control): no snippet script at all keeps the general message.
test('no snippet script at all: the general message', async ({ page }) => {
  await page.setContent('<!doctype html><title>Nothing</title><p>no tag</p>');
  const { summary } = await diagnose(page);
  expect(summary).toContain('the snippet is not pasted, or its global has another name');
});

// Trial 9: the snippet pasted with data-global="partnerRelay" (as for a second partner) and the
// kit asked for the default name: it said "or its global has another name", not which.
test('the snippet under another global name: diagnose() names it and the option to pass', async ({ page, sites }) => {
  const snippet = (await import('node:fs')).readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
  await page.setContent(
    `<!doctype html><title>Other global</title>` +
      `<script data-src="${sites.dcs.url}/audience-relay.js" data-global="partnerRelay">${snippet}</script>` +
      `<script>partnerRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}' });</script>`,
  );
  const { reasons, summary } = await diagnose(page);
  expect(reasons[0]?.code).toBe('no-snippet');
  expect(summary).toContain("pass { global: 'partnerRelay' }");
});
