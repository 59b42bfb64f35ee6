// attack5: the page wraps the global after the snippet defined it, as pages do to log, gate or
// instrument a vendor's function: `var real = audienceRelay; window.audienceRelay = function ()
// { …; return real.apply(this, arguments); }`. The wrapper passes every call on to the
// snippet's function, which queues it. Then (measured on main 524a4da, Chromium):
// - the tag loads: installGlobal (tag/src/install-global.ts) reads the queue only as
//   `window[name].q`, the wrapper has none, so every call queued before the tag came (config,
//   signals, ready) is dropped, and their promises NEVER settle; the wrapper is replaced;
// - the tag is blocked (an ad blocker): the snippet settles its calls only `w[name] == f`
//   (snippet.js settle and onload/onerror), false under the wrapper, so `ready` NEVER settles,
//   against the snippet's promise "No call hangs when the tag cannot run". A page that shows
//   its ads after `ready` (`audienceRelay('ready', { timeoutMs: 800 }).then(displayAds)`)
//   shows none, on every page view.
// Severity MEDIUM: silent loss of the page's calls and a hung promise, from an ordinary page
// pattern.
// Fixed (session g) in packages/tag/src/snippet/snippet.js (settle on the snippet's own state, not on
//   `w[name] == f`; let the tag find its queue other than through the global, e.g. on the
//   script element it inserts) and packages/tag/src/install-global.ts (take that queue).
import { expect } from './fixtures';
import { test } from './hostile-lab';

const WRAPPED_CALLS = `
  var real = window.audienceRelay;
  window.audienceRelay = function () { return real.apply(this, arguments); };
  audienceRelay('signals', { c_section: 'sports' });
  audienceRelay('ready', { timeoutMs: 2000 }).then(function (r) {
    report('ready ' + r.status + ' ' + (r.error ? r.error.code : '-') + ' ' + r.segments.join(','));
  }, function (e) { report('ready rejected ' + e); });
  // Well past every deadline (ready's 2 s, the snippet's 10 s for the other calls).
  setTimeout(function () { report('12 s later'); }, 12000);`;

test('a page that wraps the global: the calls queued before the tag run, and ready is fresh', async ({ openLab }) => {
  test.setTimeout(45_000);
  const lab = await openLab({ waitUntil: 'domcontentloaded', calls: WRAPPED_CALLS });
  await lab.reported('12 s later');
  expect(lab.reports.filter((r) => r.startsWith('ready'))).toEqual([expect.stringMatching(/^ready fresh - 5001/)]);
});

test('a page that wraps the global, the tag blocked: ready still settles blocked by its deadline', async ({ openLab, page, sites }) => {
  test.setTimeout(45_000);
  await page.route(`${sites.dcs.url}/audience-relay.js`, (route) => route.abort('blockedbyclient'));
  const lab = await openLab({ waitUntil: 'domcontentloaded', calls: WRAPPED_CALLS });
  await lab.reported('12 s later');
  expect(lab.reports.filter((r) => r.startsWith('ready'))).toEqual(['ready blocked TAG_BLOCKED ']);
});
