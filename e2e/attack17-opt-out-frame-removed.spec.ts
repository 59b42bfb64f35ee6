// attack17 (outside review): an opt-out in flight when the page REMOVES the frame's element (not
// moves it: attack16-opt-out-frame-moved.spec.ts), in the same task: a privacy page whose "opt
// out" click also tears down the widget the frame sat in, a Turbo/PJAX `<body>` swap, a clean-up
// script. The tag sends the DCS opt-out on the port at once; the removed frame's document dies
// before it reads it, and no new frame says hello, so the port neither answers nor dies: the
// opt-out waited out its 5 s deadline, settled, and took the frame away. The DCS was never told
// (no /demoptout.jpg: the device not NOTARGET, the frame's site-wide marker not written, so the
// site's other hosts go on calling).
import { expect } from './fixtures';
import { test } from './hostile-lab';

test('an opt-out in flight when the page removes the frame reaches the DCS through a frame mounted again', async ({ openLab, page }) => {
  const optOuts: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/demoptout.jpg') optOuts.push(r.url());
  });
  const lab = await openLab({
    calls: `
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status);
        var started = Date.now();
        audienceRelay('optOut').then(function () { report('optOut settled ' + (Date.now() - started < 4000 ? 'soon' : 'late')); }, function (e) { report('optOut rejected ' + (e && e.code)); });
        // In the same task: the page takes the frame's element out.
        document.querySelector('iframe[title="audience-relay"]').remove();
      });`,
  });
  await lab.reported('ready fresh');
  await lab.reported(/^optOut settled/);
  // Before the fix: none, and the opt-out settled late (at its 5 s deadline).
  expect(optOuts.length).toBeGreaterThan(0);
  expect(lab.reports).toContain('optOut settled soon');
  expect(lab.ourErrors()).toEqual([]);
});
