import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

// Pinning the tag with Subresource Integrity (issue 20): the versioned URL and its hash from
// the build's manifest (packages/tag/dist/manifest.json), as a security team pastes them.

const dist = new URL('../packages/tag/dist/', import.meta.url);
interface Manifest {
  release: string;
  files: Record<string, { path: string; integrity: string }>;
}
const manifest = (): Manifest => JSON.parse(readFileSync(new URL('manifest.json', dist), 'utf8')) as Manifest;

type Ready = { status: string; segments: string[]; error?: { code: string; message: string } };

/** Page errors and console errors, recorded from the start. */
function watch(page: Page): { errors: string[]; console: string[] } {
  const seen = { errors: [] as string[], console: [] as string[] };
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('console', (message) => void (message.type() === 'error' && seen.console.push(message.text())));
  return seen;
}

test.describe('Subresource Integrity: the tag pinned by the snippet', () => {
  test('the build publishes versioned files with their sha384 hashes; the DCS serves them immutable, with CORS', async ({ request, sites }) => {
    const { release, files } = manifest();
    expect(Object.keys(files).sort()).toEqual(['audience-relay-debug.js', 'audience-relay-outputs.js', 'audience-relay.js']);
    for (const [name, file] of Object.entries(files)) {
      expect(file.path).toBe(`v/${release}/${name}`);
      expect(file.integrity).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
      // (Node does not resolve *.localhost: the loopback address, with the DCS's host name.)
      const response = await request.get(`http://127.0.0.1:${sites.dcs.port}/${file.path}`, { headers: { host: new URL(sites.dcs.url).host } });
      expect(response.status()).toBe(200);
      expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers()['access-control-allow-origin']).toBe('*');
    }
    // The tag loads its bundles with their hashes, built in.
    const tag = readFileSync(new URL(files['audience-relay.js']!.path, dist), 'utf8');
    expect(tag).toContain(files['audience-relay-outputs.js']!.integrity);
    expect(tag).toContain(files['audience-relay-debug.js']!.integrity);
  });

  test('a page with the snippet pinned to the versioned tag and its integrity gets segments; the bundles load pinned too', async ({ page, sites }) => {
    const { files } = manifest();
    const tag = files['audience-relay.js']!;
    const seen = watch(page);
    await page.goto(`${sites.publisher.url}/qa/pinned.html`);
    await expect(page.getByTestId('tag')).toHaveText(`${sites.dcs.url}/${tag.path}`);
    const result = await page.evaluate(() => (window as unknown as { result: Promise<Ready> }).result);
    expect(result.status).toBe('fresh');
    expect(result.segments).toContain('5001');
    const loader = page.locator('script[data-global]');
    await expect(loader).toHaveAttribute('integrity', tag.integrity);
    await expect(loader).toHaveAttribute('crossorigin', '');
    // The debug bundle, loaded by the tag with its built-in hash, passes its check.
    const diagnosis = await page.evaluate(() => (window as unknown as { audienceRelay(...a: unknown[]): Promise<{ ok: boolean }> }).audienceRelay('diagnose'));
    expect(diagnosis.ok).toBe(true);
    await expect(page.locator(`script[integrity="${files['audience-relay-debug.js']!.integrity}"]`)).toHaveCount(1);
    expect(seen.errors).toEqual([]);
  });

  test('a tampered tag fails its integrity check: every call settles (ready blocked by its deadline), the console says so, no exception in the page', async ({ page, sites }) => {
    const { files } = manifest();
    const tag = files['audience-relay.js']!;
    const tagUrl = `${sites.dcs.url}/${tag.path}`;
    // The DCS (or a CDN in front of it) now serves other bytes under the pinned URL.
    const tampered = `${readFileSync(new URL(tag.path, dist), 'utf8')};window.tampered=1;`;
    await page.route(tagUrl, (route) => route.fulfill({ contentType: 'text/javascript', headers: { 'access-control-allow-origin': '*' }, body: tampered }));
    const seen = watch(page);
    await page.goto(`${sites.publisher.url}/qa/pinned.html`);
    const [result, elapsed] = await page.evaluate(async () => {
      const w = window as unknown as { result: Promise<Ready>; started: number };
      return [await w.result, performance.now() - w.started] as const;
    });
    // Settled when the check failed, well before its 4 s deadline.
    expect(elapsed).toBeLessThan(4000);
    expect(result).toMatchObject({ status: 'blocked', segments: [], error: { code: 'TAG_BLOCKED' } });
    expect(await page.evaluate(() => (window as unknown as { signals: Promise<string> }).signals)).toBe('[audience-relay] the tag did not load');
    // A later call settles at once.
    const later = await page.evaluate(() => (window as unknown as { audienceRelay(...a: unknown[]): Promise<Ready> }).audienceRelay('ready', { timeoutMs: 60_000 }));
    expect(later.status).toBe('blocked');
    expect(await page.evaluate(() => (window as unknown as { tampered?: number }).tampered)).toBeUndefined();
    // The browser says why, and so do we.
    expect(seen.console.some((text) => text.includes("Failed to find a valid digest in the 'integrity' attribute"))).toBe(true);
    expect(seen.console.some((text) => text.includes('[audience-relay] the tag did not load'))).toBe(true);
    expect(seen.errors).toEqual([]);
    await expect(page.locator('iframe')).toHaveCount(0);
  });

  test('on a hostile page (named elements over document.currentScript and the global, a polluted Object.prototype) the snippet loads the real tag and every call settles, with no exception', async ({ page, sites }) => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const seen = watch(page);
    await page.goto(`${sites.publisher.url}/qa/hostile-snippet.html`);
    const result = await page.evaluate(() => (window as unknown as { result: Promise<Ready> }).result);
    expect(['fresh', 'blocked', 'timeout', 'error']).toContain(result.status);
    expect(await page.evaluate(() => typeof (window as unknown as { evilRelay?: unknown }).evilRelay)).toBe('undefined');
    expect(requests).toContain(`${sites.dcs.url}/audience-relay.js`);
    expect(requests.some((u) => u.includes('/evil.js'))).toBe(false);
    expect(seen.errors).toEqual([]);
  });
});
