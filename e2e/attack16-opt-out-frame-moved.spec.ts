// attack16 (outside review): an opt-out in flight when the page moves the frame's element in the
// DOM (frameworks re-parent nodes; frame-moved.spec.ts), e.g. a privacy page whose "opt out"
// click also re-renders. The tag sends the DCS opt-out on the port at once; the move reloads the
// frame, whose old document never makes it (its fetch, not kept alive, dies with it). The new
// frame says hello, the old port's requests reject DESTROYED, and opt-out.ts took that for done:
// it settled and took the frame away. The DCS was never told (no /demoptout.jpg: the device not
// NOTARGET; the frame's site-wide marker not written, so the site's other hosts go on calling).
// Event calls whose port died this way go again on the next connection (event-calls.ts); the
// opt-out now does too.
import { expect } from './fixtures';
import { test } from './hostile-lab';

test('an opt-out in flight when the page moves the frame reaches the DCS through the reloaded frame', async ({ openLab, page }) => {
  const optOuts: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/demoptout.jpg') optOuts.push(r.url());
  });
  const lab = await openLab({
    calls: `
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status);
        audienceRelay('optOut').then(function () { report('optOut settled'); }, function (e) { report('optOut rejected ' + (e && e.code)); });
        // In the same task: the page's framework re-parents the frame's element.
        var frame = document.querySelector('iframe[title="audience-relay"]');
        var box = document.createElement('div');
        document.body.appendChild(box);
        box.appendChild(frame);
      });`,
  });
  await lab.reported('ready fresh');
  await lab.reported('optOut settled');
  // Before the fix: none (the opt-out settled without the DCS being told).
  await expect.poll(() => optOuts.length, { timeout: 10000 }).toBeGreaterThan(0);
  expect(lab.ourErrors()).toEqual([]);
});
