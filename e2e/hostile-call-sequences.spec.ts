// Public calls in orders a real page makes by accident (an SPA tearing down and re-mounting, a
// privacy centre replaying choices, a debugging session): every call settles, well within its
// deadline, and nothing of ours is thrown into the page.
import { expect } from './fixtures';
import { test } from './hostile-lab';

/** Runs `steps` (each `[label, () => audienceRelay(...)]`) at once and reports how each settled. */
const battery = (steps: string): string => `
  var steps = ${steps};
  var left = steps.length;
  steps.forEach(function (step) {
    var p;
    try { p = step[1](); } catch (e) { report(step[0] + ' threw ' + e.message); left--; return; }
    if (!p || typeof p.then !== 'function') { report(step[0] + ' returned ' + typeof p); left--; return; }
    p.then(function (v) { report(step[0] + ' resolved ' + (v && v.status ? v.status : typeof v)); },
           function (e) { report(step[0] + ' rejected ' + (e && e.code)); })
     .then(function () { if (--left === 0) report('all settled'); });
  });`;

const SEQUENCES: Array<[string, string]> = [
  [
    'destroy, then every command',
    `audienceRelay('ready', { timeoutMs: 5000 }).then(function () {
      audienceRelay('destroy');
      ${battery(`[
        ['ready', function () { return audienceRelay('ready', { timeoutMs: 3000 }); }],
        ['signals', function () { return audienceRelay('signals', { c_x: '1' }); }],
        ['pageView', function () { return audienceRelay('pageView'); }],
        ['optOut', function () { return audienceRelay('optOut'); }],
        ['diagnose', function () { return audienceRelay('diagnose'); }],
        ['snapshot', function () { return audienceRelay('snapshot'); }],
        ['getSegments', function () { return audienceRelay('getSegments'); }],
        ['destroy again', function () { return audienceRelay('destroy'); }]
      ]`)}
    });`,
  ],
  [
    'optOut twice, ready and destroy in the same tick',
    `audienceRelay('ready', { timeoutMs: 5000 }).then(function () {
      ${battery(`[
        ['optOut 1', function () { return audienceRelay('optOut'); }],
        ['optOut 2', function () { return audienceRelay('optOut'); }],
        ['ready', function () { return audienceRelay('ready', { timeoutMs: 3000 }); }],
        ['destroy', function () { return audienceRelay('destroy'); }]
      ]`)}
    });`,
  ],
  [
    'calls made before the tag loads, destroy queued among them',
    `${battery(`[
        ['signals', function () { return audienceRelay('signals', { c_x: '1' }); }],
        ['destroy', function () { return audienceRelay('destroy'); }],
        ['ready', function () { return audienceRelay('ready', { timeoutMs: 3000 }); }],
        ['optOut', function () { return audienceRelay('optOut'); }],
        ['diagnose', function () { return audienceRelay('diagnose'); }]
      ]`)}`,
  ],
];

for (const [name, calls] of SEQUENCES) {
  test(`call sequence: ${name}: every call settles, nothing thrown`, async ({ openLab }) => {
    const lab = await openLab({ calls });
    await lab.reported('all settled');
    expect(lab.reports.filter((r) => / (threw|returned) /.test(r))).toEqual([]);
    expect(lab.ourErrors()).toEqual([]);
  });
}
