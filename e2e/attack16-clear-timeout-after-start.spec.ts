// attack16 (outside review): `clearTimeout` replaced after the tag started, by one that throws
// (a broken polyfill, a timer-tracking wrapper with a bug). hostile-after-start.spec.ts covers a
// throwing `setTimeout`; the tag and the port messenger also call the page's `clearTimeout` as
// it is at call time, unguarded:
// - protocol/src/messenger.ts `settle()` removed the call, then threw before resolving it: every
//   answer from the frame was lost, and each call ended as CALL_TIMEOUT at its deadline;
// - opt-out.ts `finish()` threw before `resolve()`: `optOut()` never settled (its own deadline
//   ran `finish` again, which threw again), and its rejection was unhandled;
// - `destroy()` threw at the consent gate's `stop()`, before anything was stopped: the global's
//   `destroy` rejected with the page's error, and the frame stayed mounted (with the CMP
//   listeners, the route, restore and page-hide watches).
// Fixed: the tag and the messenger clear their timers through one guarded helper.
import { expect } from './fixtures';
import { test } from './hostile-lab';

const PATCH = `window.clearTimeout = function () { throw new Error('page-owned: patched by the page: clearTimeout'); };`;

test('after start: clearTimeout throws: the next call is answered, and optOut settles', async ({ openLab, sites }) => {
  const lab = await openLab({
    calls: `
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('first ' + r.status);
        setTimeout(function () {
          ${PATCH}
          audienceRelay('signals', { c_after: 'patched' });
          audienceRelay('ready', { timeoutMs: 3000 }).then(function (r) {
            report('second ' + r.status + ' ' + (r.error ? r.error.code : '-'));
            audienceRelay('optOut').then(function () { report('optOut settled'); }, function (e) { report('optOut rejected ' + (e && e.code)); });
          });
        }, 50);
      });`,
  });
  await lab.reported(/^first fresh/);
  const second = await lab.reported(/^second /);
  expect(sites.dcs.requests().some((r) => r.signals.c_after?.[0] === 'patched')).toBe(true);
  // Before the fix: never settled.
  await lab.reported('optOut settled');
  // Before the fix: 'second timeout CALL_TIMEOUT' (the DCS answered, the answer was lost).
  expect(second).toBe('second fresh -');
  expect(lab.ourErrors()).toEqual([]);
});

test('after start: clearTimeout throws: destroy settles and destroys', async ({ openLab }) => {
  const lab = await openLab({
    calls: `
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('first ' + r.status);
        ${PATCH}
        audienceRelay('destroy').then(function () { report('destroy settled'); }, function (e) { report('destroy rejected ' + (e && e.message)); });
        audienceRelay('ready', { timeoutMs: 3000 }).then(function (r) {
          report('after destroy ' + r.status + ' ' + (r.error ? r.error.code : '-'));
        });
      });`,
  });
  await lab.reported(/^first fresh/);
  // Before the fix: 'destroy rejected page-owned: patched by the page: clearTimeout'.
  const destroyed = await lab.reported(/^destroy /);
  const after = await lab.reported(/^after destroy /);
  expect(after).toBe('after destroy error DESTROYED');
  // Before the fix: the frame stayed (destroy threw before the connection was stopped).
  await expect(lab.page.locator('iframe[title="audience-relay"]')).toHaveCount(0);
  expect(destroyed).toBe('destroy settled');
  expect(lab.ourErrors()).toEqual([]);
});
