import { expect, test } from '@playwright/test';

// Our e2e must see what production Chrome does. Playwright turns third-party storage
// partitioning off; e2e/browser.ts turns it back on. This proves it: a cross-site iframe
// writes localStorage under one top-level site and cannot read it under another.
test('the test browser partitions third-party storage, as production Chrome does', async ({ page, context }) => {
  await context.route('http://probe.localhost/**', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<script>
        if (location.search === '?write') localStorage.setItem('probe', 'written');
        parent.postMessage(String(localStorage.getItem('probe')), '*');
      </script>`,
    }),
  );
  await context.route(/http:\/\/top-[ab]\.localhost\/.*/, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<script>addEventListener('message', (e) => { document.title = e.data; });</script>
        <iframe src="http://probe.localhost/${route.request().url().includes('write') ? '?write' : ''}"></iframe>`,
    }),
  );

  await page.goto('http://top-a.localhost/write');
  await expect(page).toHaveTitle('written');
  await page.goto('http://top-a.localhost/read');
  await expect(page).toHaveTitle('written');
  await page.goto('http://top-b.localhost/read');
  await expect(page).toHaveTitle('null');
});
