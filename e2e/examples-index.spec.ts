import type { Frame, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The frames of the page that show a status: the page itself, else a same-site frame it embeds. */
async function statusFrame(page: Page, origin: string): Promise<Frame | null> {
  for (const frame of [page.mainFrame(), ...page.mainFrame().childFrames()]) {
    if (!frame.url().startsWith(origin)) continue;
    if ((await frame.locator('[data-testid="status"]').count()) > 0) return frame;
  }
  return null;
}

// Every page the examples index links works from `npm start`: it loads, runs without an
// uncaught error, and shows a status that says how `ready` settled — the one its link
// promises (data-expect) — with nothing left blank ("beta: error:" is a failure).
test('every page linked from the examples index settles with the status its link promises', async ({ page: index, browser, sites }) => {
  test.setTimeout(180_000);
  await index.goto(`${sites.publisher.url}/`);
  const links = await index
    .locator('a[href^="/"]')
    .evaluateAll((anchors) => anchors.map((a) => ({ href: a.getAttribute('href')!, expect: (a as HTMLElement).dataset.expect ?? '' })));
  expect(links.length).toBeGreaterThanOrEqual(15);
  const seen = new Set<string>();
  for (const link of links) {
    if (seen.has(link.href)) continue;
    seen.add(link.href);
    // A `ready` status (fresh, cached, timeout, blocked, no-consent, opted-out, error), or the
    // page's own word for its whole flow (the Adobe clients page says `done`).
    expect(link.expect, `${link.href}: its link says which status to expect (data-expect)`).toMatch(/^[a-z-]+$/);
    // Each page in a browser of its own, as a person opening the link: no segments cached by
    // the pages before (a slow-DCS page would settle `cached`, not `timeout`).
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    const onError = (error: Error): void => void errors.push(error.message);
    page.on('pageerror', onError);
    const response = await page.goto(`${sites.publisher.url}${link.href}`);
    expect(response?.status(), link.href).toBe(200);
    // A frame the page embeds may still be loading: wait for the page's load first.
    await page.waitForLoadState('load');
    const frame = await statusFrame(page, sites.publisher.url);
    expect(frame, `${link.href} shows a status ([data-testid="status"])`).not.toBeNull();
    const status = frame!.locator('[data-testid="status"]');
    await expect(status, link.href).not.toHaveText(/^(waiting…|)$/, { timeout: 10_000 });
    const text = (await status.textContent())!.trim();
    expect(text, `${link.href}: the status its link promises`).toMatch(new RegExp(`^${link.expect}\\b`));
    // Every labelled value on the page says something: no "beta: error:" with nothing after.
    const labelled = await frame!.locator('output, [data-testid]').allTextContents();
    for (const value of labelled) expect(value.trim(), `${link.href}: a value left blank or cut short`).not.toMatch(/(^|:)\s*$/);
    page.off('pageerror', onError);
    await context.close();
    expect(errors, link.href).toEqual([]);
    sites.dcs.reset();
    sites.dcs.setConfig(sites.demo());
  }
});
