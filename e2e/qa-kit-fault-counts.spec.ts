import { waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

// What docs/qa-kit.md says of injectFault's count: retries count. A 503 or a dropped connection
// alone is answered by the second try (the frame's retry; Chromium's resend of a GET on a
// reused connection). A 503 refused on the frame's retry too is sent again by the tag 2 s
// later; a dropped connection twice, or a 500, is a failure the page sees.
for (const [fault, status, statuses] of [
  [{ status: 503 }, 'fresh', [503, 200]],
  [{ status: 503, count: 2 }, 'fresh', [503, 503, 200]],
  [{ status: 500 }, 'error', [500]],
  // Chromium resends only on a reused connection (the frame's own, kept alive): one or two drops.
  [{ dropConnection: true, count: 2 }, 'error', null],
] as const) {
  test(`injectFault(${JSON.stringify(fault)}): ready settles ${status}`, async ({ page, sites }) => {
    sites.dcs.injectFault(fault);
    await page.goto(`${sites.publisher.url}/qa/scenario.html?timeoutMs=3000`);
    expect((await waitForSegments(page, { timeoutMs: 3000 })).status).toBe(status);
    const seen = sites.dcs.requests().map((r) => r.status);
    if (statuses) expect(seen).toEqual(statuses);
    else expect(seen.length > 0 && seen.length <= 2 && seen.every((s) => s === 0), String(seen)).toBe(true);
  });
}
