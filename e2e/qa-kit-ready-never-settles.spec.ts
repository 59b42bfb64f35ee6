// The QA kit's waitForSegments(page) says it "settles by its deadline, whatever happens to the
// tag", but it only awaited the page's own `ready` promise: a page whose `ready` never settles
// (a page's wrapper around the global, as e2e/hostile-wrapped-global.spec.ts shows on main, or a
// stub a QA project left in) held the QA test until Playwright's test timeout, with no word of
// why. (attack5.) The kit now gives the page's `ready` its deadline and two seconds more, then
// throws, naming the deadline and what diagnose(page) says.
import { waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

test("a page whose ready never settles: waitForSegments throws soon after the deadline, and says why", async ({ page, sites }) => {
  const url = `${sites.publisher.url}/attack5-ready-never-settles.html`;
  // A page that defines the global itself, as a stub that never answers.
  await page.route(url, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>stub</title><script>window.audienceRelay = function () { return new Promise(function () {}); };</script>' }),
  );
  await page.goto(url);
  const started = Date.now();
  // What the kit did by 12 s (a 1 s deadline, the kit's 2 s margin, 2 s for its diagnosis):
  // settled, threw, or was still waiting.
  const outcome = await Promise.race([
    waitForSegments(page, { timeoutMs: 1000 }).then(
      (result) => `settled ${result.status}`,
      (error: Error) => `threw ${error.message}`,
    ),
    new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 12 s'), 12_000)),
  ]);
  expect(outcome).toMatch(/^threw ready\(\) did not settle within 1000 ms/);
  expect(Date.now() - started).toBeLessThan(12_000);
});
