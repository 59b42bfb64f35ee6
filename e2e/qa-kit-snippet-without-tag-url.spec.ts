// New-user trial 7: the snippet pasted where it cannot read its tag URL. Without data-src (a
// template that dropped the attribute), or in a <script type="module"> (a framework whose
// inline scripts are modules: document.currentScript is null there, so the snippet reads no
// attribute), the snippet loads nothing and says "[audience-relay] the tag did not load", the
// console line of every dead tag (packages/tag/test/snippet-no-src.test.ts: naming data-src
// there would cost every page view bytes, "the QA kit names it"). The kit's diagnose() said
// only "the page has no tag <script> from the snippet", for both. It now names the cause.
import { readFileSync } from 'node:fs';
import { diagnose } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

test('the snippet without data-src: diagnose() says the attribute is missing', async ({ page, sites }) => {
  await page.setContent(
    `<!doctype html><title>No data-src</title><script>${snippet}</script><script>audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}' });</script>`,
  );
  const { reasons, summary } = await diagnose(page);
  expect(reasons[0]?.code).toBe('tag-not-loaded');
  expect(summary).toContain('has no data-src');
});

test('the snippet in a module script: diagnose() says to paste it in a classic <script>', async ({ page, sites }) => {
  await page.setContent(
    `<!doctype html><title>Module</title><script type="module" data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>` +
      `<script type="module">audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}' });</script>`,
  );
  await page.waitForFunction(() => typeof (window as unknown as { audienceRelay?: unknown }).audienceRelay === 'function');
  const { reasons, summary } = await diagnose(page);
  expect(reasons[0]?.code).toBe('tag-not-loaded');
  expect(summary).toContain('<script type="module">');
});
