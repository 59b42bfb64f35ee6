import type { Request } from '@playwright/test';
import { expect, recordEventCalls, test } from './fixtures';

test('URL destinations fire from the DCS frame only, never from the publisher page', async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.destinations = [
    { id: 2523, url: 'http://px.localhost/pixel?seg=%ALIAS%&uid=%DID%', segments: { 5001: 'sports' } },
    { id: 2524, type: 'iframe', url: 'http://px.localhost/frame?seg=%ALIAS%', segments: { 5002: 'young' } },
  ];
  sites.dcs.setConfig(config);
  const fired: Request[] = [];
  await page.context().route('http://px.localhost/**', async (route) => {
    fired.push(route.request());
    await route.fulfill({ status: 200, contentType: route.request().url().includes('/frame') ? 'text/html' : 'image/gif', body: '' });
  });

  await page.goto(`${sites.publisher.url}/publisher/`);
  await expect(page.getByTestId('segments')).toHaveText('5001, 5002');
  await expect.poll(() => fired.length).toBe(2);

  const pixel = fired.find((r) => r.url().includes('/pixel'))!;
  const frameDest = fired.find((r) => r.url().includes('/frame'))!;
  expect(pixel.url()).toMatch(/seg=sports&uid=\d{38}$/);
  // The image is requested by the DCS frame; the iframe destination is a child of it.
  expect(pixel.frame().url()).toBe(`${sites.dcs.url}/frame.html`);
  expect(frameDest.frame().parentFrame()?.url()).toBe(`${sites.dcs.url}/frame.html`);
  for (const request of fired) expect(request.frame()).not.toBe(page.mainFrame());
  // The nested iframe is sandboxed: scripts only, no same-origin access. (The navigation
  // request knows its frame; looking the frame up by URL would race its commit.)
  expect(await (await frameDest.frame().frameElement()).getAttribute('sandbox')).toBe('allow-scripts');
});

test('an ID sync fires once, then not again within its TTL', async ({ page, sites }) => {
  const before = sites.provider.syncs;
  await page.goto(`${sites.publisher.url}/publisher/`);
  await expect(page.getByTestId('status')).toHaveText('fresh');
  await expect.poll(() => sites.provider.syncs).toBe(before + 1);
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await expect(page.getByTestId('status')).toHaveText('fresh');
  }
  // Give a wrongly fired sync time to arrive before counting.
  await page.waitForTimeout(300);
  expect(sites.provider.syncs).toBe(before + 1);
});

test('an ID sync and a URL destination written as demdex.net writes them (//host/path) fire from the frame, on its scheme', async ({ page, sites }) => {
  const config = sites.demo();
  config.partners.acme!.idSyncs = [{ id: 900, dpid: 900, url: '//sync.localhost/pixel?uid=${DD_UUID}', ttlMinutes: 60 }];
  config.partners.acme!.destinations = [{ id: 2523, url: '//px.localhost/pixel?seg=%ALIAS%', segments: { 5001: 'sports' } }];
  sites.dcs.setConfig(config);
  const fired: Request[] = [];
  for (const host of ['sync.localhost', 'px.localhost']) {
    await page.context().route(`http://${host}/**`, async (route) => {
      fired.push(route.request());
      await route.fulfill({ status: 200, contentType: 'image/gif', body: '' });
    });
  }
  await page.goto(`${sites.publisher.url}/publisher/`);
  await expect(page.getByTestId('segments')).toHaveText('5001, 5002');
  await expect.poll(() => fired.map((r) => new URL(r.url()).host).sort()).toEqual(['px.localhost', 'sync.localhost']);
  expect(fired.find((r) => r.url().startsWith('http://sync.localhost/'))!.url()).toMatch(/^http:\/\/sync\.localhost\/pixel\?uid=\d{38}$/);
  for (const request of fired) expect(request.frame().url()).toBe(`${sites.dcs.url}/frame.html`);
});

test('a reloaded frame reconnects: the next call goes out once, on the new port, and is answered', async ({ page, sites }) => {
  const calls = recordEventCalls(page);
  await page.goto(`${sites.publisher.url}/publisher/`);
  await expect(page.getByTestId('status')).toHaveText('fresh');
  const frame = page.frames().find((f) => f.url() === `${sites.dcs.url}/frame.html`)!;
  const reloaded = page.waitForEvent('framenavigated', (f) => f.url() === `${sites.dcs.url}/frame.html`);
  await frame.evaluate(() => location.reload());
  await reloaded;

  const result = await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay(...args: unknown[]): Promise<unknown> }).audienceRelay;
    await relay('signals', { c_section: 'golf' });
    return relay('ready', { timeoutMs: 3000 });
  });
  expect(result).toMatchObject({ status: 'fresh' });
  expect(calls).toHaveLength(2);
  expect(new URL(calls[1]!.url()).searchParams.get('c_section')).toBe('golf');
});
