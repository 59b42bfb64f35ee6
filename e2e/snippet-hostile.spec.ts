import type { Page } from '@playwright/test';
import { demoConfig } from '@audience-relay/mock-dcs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base, type Sites } from './fixtures';
import { startStaticSite, type StaticSite } from './static-site';

// The snippet and the tag's start on hostile pages, in Chromium: whatever the page did
// before the snippet, every call settles, the console says why, and no exception of ours
// reaches the page (issue 18). Each page is the snippet as pasted, after the page's own script.

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

type Relay = (...args: unknown[]) => Promise<{ status: string; segments: string[]; error?: { code: string; message: string } }>;

// A site of its own for the pages (a page Playwright fulfils itself counts as public, and
// Chromium would then refuse it the loopback DCS), which the DCS allows.
const test = base.extend<{ hostile: { site: StaticSite; root: string } }>({
  hostile: async ({ sites }, use) => {
    const root = mkdtempSync(join(tmpdir(), 'audience-relay-hostile-'));
    const site = await startStaticSite(root, 'hostile.localhost');
    sites.dcs.setConfig(demoConfig([site.url]));
    await use({ site, root });
    await site.close();
    rmSync(root, { recursive: true, force: true });
  },
});

/** Serves a publisher page: `before` (the page's own script), the snippet, then `after`. */
async function open(page: Page, sites: Sites, hostile: { site: StaticSite; root: string }, before: string, after = ''): Promise<{ errors: string[]; console: string[] }> {
  const seen = { errors: [] as string[], console: [] as string[] };
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && seen.console.push(message.text())));
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hostile</title>',
    `<script>${before}</script>`,
    `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
    `<script>${after}</script>`,
    '</head><body><h1>hostile</h1></body></html>',
  ].join('\n');
  writeFileSync(join(hostile.root, 'index.html'), html);
  await page.goto(`${hostile.site.url}/`);
  return seen;
}

const config = (sites: Sites): string =>
  `audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', timeoutMs: 4000 }); audienceRelay('signals', { c_section: 'sports' });`;

// (Until session l the page's throwing `URL` constructor did it; the tag no longer needs `URL`
// to start, and refuses the config instead: hostile-platform.spec.ts. Here the page breaks
// `Object.getOwnPropertyDescriptor` after the snippet took it, before the tag evaluates.)
test('the tag cannot start (the page replaced Object.getOwnPropertyDescriptor with a function that throws): the tag says why, every queued and later call settles, no exception reaches the page', async ({ page, sites, hostile }) => {
  const seen = await open(
    page,
    sites,
    hostile,
    '',
    `Object.getOwnPropertyDescriptor = function () { throw new TypeError('getOwnPropertyDescriptor is patched'); }; ${config(sites)} window.queued = [audienceRelay('ready', { timeoutMs: 60000 }), audienceRelay('signals', { c_a: 1 }).catch((e) => e.message)];`,
  );
  const [ready, signals] = await page.evaluate(() => Promise.all((window as unknown as { queued: Array<Promise<unknown>> }).queued));
  expect(ready).toMatchObject({ status: 'blocked', segments: [], error: { code: 'TAG_BLOCKED' } });
  expect(signals).toBe('[audience-relay] the tag did not load');
  const later = await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 60000 }));
  expect(later.status).toBe('blocked');
  expect(seen.console.some((text) => text.startsWith('[audience-relay] the tag failed to start: TypeError: getOwnPropertyDescriptor is patched'))).toBe(true);
  expect(seen.errors).toEqual([]);
});

test('a hardened page (Array.prototype frozen): the tag installs without throwing into the page, and a call through a kept reference to the snippet settles', async ({ page, sites, hostile }) => {
  const seen = await open(page, sites, hostile, 'Object.freeze(Array.prototype);', `window.kept = audienceRelay; ${config(sites)}`);
  // The tag has replaced the snippet's function.
  await page.waitForFunction(() => {
    const w = window as unknown as { kept: unknown; audienceRelay: unknown };
    return w.audienceRelay !== w.kept;
  });
  const status = await page.evaluate(() =>
    (window as unknown as { kept: Relay }).kept('ready', { timeoutMs: 4000 }).then(
      (r) => r.status,
      (e: Error) => `rejected: ${e.message}`,
    ),
  );
  expect(['fresh', 'cached', 'timeout', 'blocked', 'error']).toContain(status);
  expect(seen.errors).toEqual([]);
});

test('the global name is taken by the page (a getter that ignores writes): the console says so; the same snippet under data-global works', async ({ page, sites, hostile }) => {
  const seen = await open(page, sites, hostile, "Object.defineProperty(window, 'audienceRelay', { get: () => 42, set: () => {} });");
  await expect.poll(() => seen.console).toContain('[audience-relay] window.audienceRelay is taken by the page; set data-global to another name');
  expect(seen.errors).toEqual([]);
  // The way out the message names: another global name.
  await page.evaluate(
    ([src, text]) => {
      const script = document.createElement('script');
      script.setAttribute('data-src', src!);
      script.setAttribute('data-global', 'myRelay');
      script.textContent = text!;
      document.head.append(script);
    },
    [`${sites.dcs.url}/audience-relay.js`, snippet],
  );
  const result = await page.evaluate(
    (dcs) => {
      const relay = (window as unknown as { myRelay: Relay }).myRelay;
      void relay('config', { partner: 'acme', dcs, timeoutMs: 4000 });
      void relay('signals', { c_section: 'sports' });
      return relay('ready', { timeoutMs: 4000 });
    },
    sites.dcs.url,
  );
  expect(result.status).toBe('fresh');
  expect(seen.errors).toEqual([]);
});

test('a polluted Object.prototype (.e, .p, .q, .timeoutMs, .global) and named elements over the global and document.currentScript: the real tag loads and gets fresh segments', async ({ page, sites, hostile }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const seen = await open(
    page,
    sites,
    hostile,
    [
      "Object.assign(Object.prototype, { e: 1, p: { createScriptURL: () => '/evil.js' }, q: [], timeoutMs: 1, global: 'evilRelay' });",
      "const img = document.createElement('img'); img.name = 'currentScript'; img.setAttribute('data-src', '/evil.js'); document.head.append(img);",
      "const div = document.createElement('div'); div.id = 'audienceRelay'; document.head.append(div);",
    ].join('\n'),
    `${config(sites)} window.result = audienceRelay('ready', { timeoutMs: 4000 });`,
  );
  const result = await page.evaluate(() => (window as unknown as { result: ReturnType<Relay> }).result);
  expect(result.status).toBe('fresh');
  expect(result.segments).toContain('5001');
  expect(requests.some((url) => url.includes('/evil.js'))).toBe(false);
  expect(seen.errors).toEqual([]);
});
