import { expect, test } from './fixtures';

// Every page the examples index links works from `npm start`: it loads, runs without an
// uncaught error, and (where it shows a status) settles as the link says it will.
test('every page linked from the examples index loads and runs without an uncaught error', async ({ page, sites }) => {
  test.setTimeout(120_000);
  await page.goto(`${sites.publisher.url}/`);
  const links = await page.locator('a[href^="/"]').evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
  expect(links.length).toBeGreaterThanOrEqual(15);
  for (const link of new Set(links)) {
    const errors: string[] = [];
    const onError = (error: Error): void => void errors.push(error.message);
    page.on('pageerror', onError);
    const response = await page.goto(`${sites.publisher.url}${link}`);
    expect(response?.status(), link).toBe(200);
    const status = page.getByTestId('status');
    if ((await status.count()) > 0) await expect(status, link).not.toHaveText('waiting…', { timeout: 10_000 });
    page.off('pageerror', onError);
    expect(errors, link).toEqual([]);
    sites.dcs.reset();
    sites.dcs.setConfig(sites.demo());
  }
});
