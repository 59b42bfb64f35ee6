// attack5: `ready` with a deadline outside 1..30000 ms, called while the tag is still loading.
// config-reference.md: ready's `timeoutMs` is "checked when called, also before config", and a
// bad one rejects with BAD_REQUEST (0, 40000 or '800' do). But the snippet arms its own timer with
// the page's value first (snippet.js: setTimeout(settle, timeoutMs || 1e3)): a negative value
// (a page computing what is left of its ad deadline, `deadline - performance.now()`, once late)
// or one past 2^31 ms (setTimeout's limit) fires at once, and the call resolves
// `blocked` / TAG_BLOCKED "[audience-relay] the tag did not load" though the tag loads a moment
// later (measured on main, Chromium): a false "blocked" (ad-blocker rate) in the page's
// reports, and not the refusal the docs promise.
// Severity LOW.
// lead: fix in packages/tag/src/snippet/snippet.js (arm the timer with the value only when it is
//   a whole number of 1..30000 ms, else leave the call to the tag, or settle it as the tag
//   would) — or document it.
// Lead (session g): documented, not fixed. Fixed (session j) in snippet.js: a deadline outside
// 1..30000 ms gets the snippet's 10 s, and the tag refuses it (+16 B gzip on the snippet).
import { expect } from './fixtures';
import { test } from './hostile-lab';

test('ready({ timeoutMs: -1 }) or 3e9 before the tag loads is refused as bad input, not settled "blocked"', async ({ openLab }) => {
  const lab = await openLab({
    waitUntil: 'domcontentloaded',
    calls: `
      [-1, 3e9].forEach(function (t) {
        audienceRelay('ready', { timeoutMs: t }).then(
          function (r) { report(t + ' ' + r.status + ' ' + (r.error ? r.error.code : '-')); },
          function (e) { report(t + ' rejected ' + (e.code || e.message)); });
      });
      // The tag has loaded: the page's other ready says so.
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { report('loaded ' + r.status); });`,
  });
  await lab.reported(/^loaded fresh/);
  await lab.reported(/^3000000000 /);
  expect(lab.reports.filter((r) => !r.startsWith('loaded')).sort()).toEqual(['-1 rejected BAD_REQUEST', '3000000000 rejected BAD_REQUEST']);
});
