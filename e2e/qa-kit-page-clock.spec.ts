// The QA kit with Playwright's own clock: a QA test that checks time-dependent behaviour (the
// cached segments' 24 h expiry, ready's deadline) installs `page.clock` and pauses it, which
// freezes the page's timers. waitForSegments(page) and diagnose(page) timed the page out with
// the page's own setTimeout, inside page.evaluate: with the page's clock paused (or a page whose
// setTimeout is broken) neither deadline ever came, and the QA test hung until Playwright's
// test timeout with no word of why, though both promise to give up (waitForSegments: the
// deadline + 2 s, then throw with the diagnosis; diagnose: never hang, answer after timeoutMs).
// The kit now keeps its deadlines in Node, where the page cannot stop them. (attack6.)
import { diagnose, waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

test("a page whose clock is paused: waitForSegments throws soon after the deadline and diagnose answers, with the page's timers frozen", async ({ page, sites }) => {
  const url = `${sites.publisher.url}/attack6-page-clock.html`;
  // A page whose ready (and diagnose) only settle by a page timer: frozen below.
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><title>clock</title><script>window.audienceRelay = function () { return new Promise(function (resolve) { setTimeout(resolve, 1e9); }); };</script>',
    }),
  );
  await page.clock.install();
  await page.goto(url);
  await page.clock.pauseAt(Date.now() + 60_000);
  const started = Date.now();
  const outcome = await Promise.race([
    waitForSegments(page, { timeoutMs: 1000 }).then(
      (result) => `settled ${result.status}`,
      (error: Error) => `threw ${error.message}`,
    ),
    new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 12 s'), 12_000)),
  ]);
  expect(outcome).toMatch(/^threw ready\(\) did not settle within 1000 ms/);
  expect(Date.now() - started).toBeLessThan(12_000);
  const diagnosed = await Promise.race([
    diagnose(page, { timeoutMs: 1000 }).then((d) => d.summary),
    new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 8 s'), 8_000)),
  ]);
  expect(diagnosed).toMatch(/no answer within 1000 ms/);
});
