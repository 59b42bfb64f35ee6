// `outputs.cookieDestinations` through the CDN tag and its outputs bundle, against mock-dcs:
// the page lists the destination names it accepts, and only those are written on its site
// (the tag cannot see the site's HttpOnly cookies, which a DCS could otherwise write beside).
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const site = 'http://cookie-names.localhost';

for (const [accepted, expected] of [
  [undefined, ['aud_other', 'aud_seg']],
  [['aud_other'], ['aud_other']],
  [false, []],
] as const) {
  test(`cookieDestinations ${JSON.stringify(accepted) ?? '(default)'}: the answer's two destinations give ${JSON.stringify(expected)}`, async ({ page, context, sites }) => {
    const config = sites.demo();
    const acme = config.partners.acme!;
    acme.allowedOrigins.push(site);
    acme.cookieDestinations = [
      { name: 'aud_seg', ttlDays: 30, key: 'seg', segments: { 5001: '5001' } },
      { name: 'aud_other', ttlDays: 30, key: 'seg', segments: { 5001: '5001' } },
    ];
    sites.dcs.setConfig(config);
    const outputs = accepted === undefined ? '{}' : JSON.stringify({ cookieDestinations: accepted });
    await page.route(`${site}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: [
          '<!doctype html><title>Cookie names</title>',
          `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
          '<script>',
          `audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', outputs: ${outputs} });`,
          "audienceRelay('signals', { c_section: 'sports' });",
          "window.result = audienceRelay('ready', { timeoutMs: 10000 });",
          '</script>',
        ].join('\n'),
      }),
    );
    await page.goto(`${site}/`);
    // Fresh segments, 5001 among them: the answer carried both destinations, and `ready`
    // settles once the outputs applied it (the cookie destinations come before the segments).
    const result = await page.evaluate(() => (window as unknown as { result: Promise<{ status: string; segments: string[] }> }).result);
    expect(result.status).toBe('fresh');
    expect(result.segments).toContain('5001');
    // Applied before `ready` settled; polled all the same, for a cookie jar slow to show a write
    // to the test (seen once in a fresh-clone CI run: one of the two missing at the first look).
    const names = async (): Promise<string[]> => (await context.cookies(site)).map((c) => c.name).filter((name) => name.startsWith('aud_')).sort();
    await expect.poll(names, { timeout: 2000 }).toEqual(expected);
  });
}
