// attack12 (outside review, session m): built-ins the tag used long after it started, looked up
// as the page has them then, and callbacks of ours run bare.
// - F1: the bundle loader's deadline timer was never cleared and made `new Error(…)` from the
//   page's current `Error`, in a bare timer: a page whose `window.Error` throws (an error
//   monitor's wrapper gone wrong) got our exception 5 s after `diagnose()`.
// - F2: `ready`'s deadline arithmetic called `Math.min`/`Math.max` at call time: a page that
//   broke them made `ready`, which never rejects by contract, reject with the page's error.
// - F3: microtask callbacks ran outside `safely()`: whatever threw in one reached the page (an
//   `Array[Symbol.species]` whose arrays keep nothing: "TypeError … not iterable" at emit).
// - F4: a `Promise` species whose promises never settle stalled every call after the first,
//   and the console said nothing.
// Fixed in packages/tag/src: bundle-loader.ts (its `Error` taken at start, the deadline
// cleared, each callback guarded), commands.ts and protocol's version.ts (comparisons, not
// Math), install-global.ts (a `ready` that throws resolves `error` TAG_FAILED), platform.ts
// (`microtask` and `later` guard what they run; every timer of the tag goes through them),
// species.ts (a page that took the species before we started: the tag fails closed, saying why).
import { expect } from './fixtures';
import { test } from './hostile-lab';

/** Two `ready` calls, the second 5.5 s in (after the debug bundle's 5 s deadline), and the end at 10 s. */
const READY = `audienceRelay('signals', { c_section: 'sports' });
  audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { report('ready ' + r.status + ' ' + (r.error ? r.error.code : '-')); },
    function (e) { report('ready rejected ' + (e && e.message)); });
  setTimeout(function () {
    audienceRelay('ready', { timeoutMs: 3000 }).then(function (r) { report('ready2 ' + r.status + ' ' + (r.error ? r.error.code : '-')); },
      function (e) { report('ready2 rejected ' + (e && e.message)); });
  }, 5500);
  setTimeout(function () { report('end'); }, 10000);`;

test('window.Error replaced by a function that throws: diagnose and ready work, and nothing of ours is thrown into the page', async ({ openLab }) => {
  const lab = await openLab({
    hostile: "(function(){ var E = Error; window.Error = function () { throw new E('page-owned: window.Error replaced'); }; })();",
    calls: READY + " audienceRelay('diagnose').then(function (d) { report('diagnosed ' + typeof d.summary); }, function (e) { report('diagnose rejected ' + e); });",
  });
  await lab.reported('end');
  expect(lab.reports).toContain('ready fresh -');
  expect(lab.reports).toContain('ready2 fresh -');
  expect(lab.reports).toContain('diagnosed string');
  expect(lab.ourErrors()).toEqual([]);
});

test('Math.max and Math.min throw: ready still resolves fresh, never rejects', async ({ openLab }) => {
  const lab = await openLab({
    hostile: "Math.max = function () { throw new Error('page-owned: Math.max'); }; Math.min = function () { throw new Error('page-owned: Math.min'); };",
    calls: READY,
  });
  await lab.reported('end');
  expect(lab.reports.filter((r) => r.includes('rejected'))).toEqual([]);
  expect(lab.reports).toContain('ready fresh -');
  expect(lab.reports).toContain('ready2 fresh -');
});

test('Date.now made to throw after the tag started: a later ready resolves error TAG_FAILED, never rejects, and the console says why', async ({ openLab }) => {
  const lab = await openLab({
    calls: `audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
      report('ready ' + r.status);
      Date.now = function () { throw new Error('page-owned: Date.now'); };
      audienceRelay('ready', { timeoutMs: 2000 }).then(function (r2) { report('ready2 ' + r2.status + ' ' + (r2.error ? r2.error.code : '-')); },
        function (e) { report('ready2 rejected ' + (e && e.message)); });
    });`,
  });
  await lab.reported('ready fresh');
  expect(await lab.reported(/^ready2 /)).toBe('ready2 error TAG_FAILED');
  expect(lab.console.join('\n')).toMatch(/page-owned: Date\.now/);
});

test('Array[Symbol.species] taken before the snippet: the tag fails closed, saying why; nothing thrown into the page', async ({ openLab, sites }) => {
  const lab = await openLab({
    hostile: 'Object.defineProperty(Array, Symbol.species, { configurable: true, get: function () { return function () { return new Proxy([], { defineProperty: function () { return true; } }); }; } });',
    calls: READY,
  });
  await lab.reported('end');
  expect(lab.reports).toContain('ready blocked TAG_BLOCKED');
  expect(lab.console.join('\n')).toMatch(/audience-relay.*species of Array or Promise/);
  expect(lab.ourErrors()).toEqual([]);
  expect(sites.dcs.requests()).toEqual([]);
});

test('a Promise species that never settles, taken before the snippet: the tag fails closed, and the console says why', async ({ openLab }) => {
  const lab = await openLab({
    hostile: `(function(){ var N = Promise; class H extends N { constructor(ex){ super(function(){}); ex(function(){}, function(){}); } }
      var C = function(){}; C[Symbol.species] = H; Promise.prototype.constructor = C; })();`,
    calls: READY,
  });
  await lab.reported('end');
  expect(lab.reports).toContain('ready blocked TAG_BLOCKED');
  expect(lab.console.join('\n')).toMatch(/audience-relay.*species of Array or Promise/);
});

test('Array[Symbol.species] taken after the tag started: whatever then throws in our callbacks goes to the console, never into the page; ready settles', async ({ openLab }) => {
  const lab = await openLab({
    calls: `audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
      report('ready ' + r.status);
      Object.defineProperty(Array, Symbol.species, { configurable: true, get: function () { return function () { return new Proxy([], { defineProperty: function () { return true; } }); }; } });
      audienceRelay('signals', { c_two: '2' }).then(undefined, function () {});
      audienceRelay('ready', { timeoutMs: 2000 }).then(function (r2) { report('ready2 ' + r2.status); }, function (e) { report('ready2 rejected ' + (e && e.message)); });
    });`,
  });
  await lab.reported('ready fresh');
  expect(await lab.reported(/^ready2 /)).not.toMatch(/rejected/);
  expect(lab.ourErrors()).toEqual([]);
});
