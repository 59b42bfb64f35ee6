// attack17 (outside review): an event call in flight when the page REMOVES the frame's element in
// the same task (Turbo's <body> swap as the visitor follows a link, a clean-up script). The call
// went on the port at once; the removed frame's document dies before it reads it, and no new
// frame says hello, so the port neither answers nor dies: the call waited out its 5 s deadline
// and was lost (its signals never reached the DCS; `ready` settled timeout). A frame MOVED in the
// DOM reloads, says hello, and the call goes again (event-calls.ts); a removed one now too.
import { expect } from './fixtures';
import { test } from './hostile-lab';

test('an event call in flight when the page removes the frame reaches the DCS through a frame mounted again', async ({ openLab, sites }) => {
  const lab = await openLab({
    calls: `
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status);
        setTimeout(function () {
          audienceRelay('signals', { c_after: 'removed' });
          // The call goes on the port at the end of this task; the frame is gone at the next.
          setTimeout(function () { document.querySelector('iframe[title="audience-relay"]').remove(); });
          audienceRelay('ready', { timeoutMs: 4000 }).then(function (r) { report('second ' + r.status); });
        }, 50);
      });`,
  });
  await lab.reported('ready fresh');
  // Before the fix: 'second timeout', and no call with c_after reached the DCS.
  await lab.reported(/^second /);
  expect(lab.reports).toContain('second fresh');
  expect(sites.dcs.requests().some((r) => r.signals.c_after?.[0] === 'removed')).toBe(true);
  expect(lab.ourErrors()).toEqual([]);
});
