// Consent withdrawn while the event call is in flight: the visitor clicks "Refuse all" on the
// CMP banner a moment after the page's first call left (a slow DCS, a slow network). The tag
// keeps nothing of the late answer (event-calls.ts), but the frame still acts on it: it fires
// the answer's ID syncs (the device ID sent to partners) in the task after the answer, after
// the withdrawal, because nothing tells the frame that consent is gone.
// Fixed: a withdrawal takes the frame away (relay.ts). It failed before (measured): the content provider's sync
// (provider.localhost/sync?uuid=…) is requested by the frame after "Refuse all". relay.ts
// forget() clears the page's storage and outputs, but the connection and its frame stay, and
// no message tells the frame; frame/handle-event.ts fires the syncs of every answer it gets.
// (Control: the same page without the click fires that sync, see the first test.)
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

function watch(page: Page) {
  const syncs: string[] = [];
  let eventSent = false;
  let eventDone = false;
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/event') eventSent = true;
    if (url.hostname === 'provider.localhost' && url.pathname === '/sync') syncs.push(r.url());
  });
  page.on('requestfinished', (r) => {
    if (new URL(r.url()).pathname === '/event') eventDone = true;
  });
  page.on('requestfailed', (r) => {
    if (new URL(r.url()).pathname === '/event') eventDone = true;
  });
  return { syncs, sent: () => eventSent, done: () => eventDone };
}

/** The frame has run the task after the answer (where it fires syncs), or is gone. */
async function frameTaskPassed(page: Page): Promise<void> {
  const frame = page.frames().find((f) => f.url().includes('/frame.html'));
  await frame?.evaluate(() => new Promise((resolve) => setTimeout(() => setTimeout(resolve)))).catch(() => {});
}

test('control: a consenting visitor on a slow DCS gets the ID sync', async ({ page, sites }) => {
  const seen = watch(page);
  sites.dcs.injectFault({ latencyMs: 1500 });
  await page.goto(`${sites.publisher.url}/consent/?cmp=given`);
  await expect.poll(seen.done, { timeout: 10000 }).toBe(true);
  await expect.poll(() => seen.syncs.length).toBe(1);
});

test('consent refused while the event call is in flight: the frame fires no ID sync for its answer', async ({ page, sites }) => {
  const seen = watch(page);
  sites.dcs.injectFault({ latencyMs: 1500 });
  await page.goto(`${sites.publisher.url}/consent/?cmp=given`);
  await expect.poll(seen.sent).toBe(true);
  await page.getByRole('button', { name: 'Refuse all' }).click();
  await expect(page.getByTestId('cmp-state')).toHaveText('consent refused');
  await expect.poll(seen.done, { timeout: 10000 }).toBe(true);
  await frameTaskPassed(page);
  expect(seen.syncs).toEqual([]);
});
