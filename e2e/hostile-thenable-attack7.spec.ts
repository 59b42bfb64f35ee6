// Object.prototype.then set before the snippet (a broken Promise polyfill, or a hostile
// script: every object becomes a thenable). hostile-prototypes.spec.ts covers `ready` with a
// config; these are the other places where the tag settles a promise with an object: the
// on-demand bundles it loads (outputs: a plain object; debug tools: a function, which is an
// object too), `ready`/`getSegments` made before a config comes, and the snippet's own
// `blocked` answer when the tag cannot load.
import { expect } from './fixtures';
import { test } from './hostile-lab';

/** Every object a thenable whose `then` throws when read (hostile-prototypes.spec.ts' model). */
const THROWING_THEN = `Object.defineProperty(Object.prototype, 'then', { configurable: true, get: function () { throw new Error('page-owned: Object.prototype.then read'); } });`;
/** Every object a thenable whose `then` never calls back (a polyfill's no-op). */
const SILENT_THEN = `Object.defineProperty(Object.prototype, 'then', { configurable: true, writable: true, value: function () {} });`;

for (const [name, hostile] of [['a throwing then getter', THROWING_THEN], ['a no-op then', SILENT_THEN]] as const) {
  // Fixed (session i) in packages/tag/src/bundle-loader.ts: it resolves with the registered bundle (the
  // outputs bundle is a plain object), so the promise reads its inherited `then`: the outputs
  // bundle never "loads" (rejects 3 times, or hangs), and no output (GPT, Prebid, cookie, data
  // layer, cookie destinations) is ever applied. Expected: the data layer gets segment 5001.
  test(`Object.prototype.then (${name}) with outputs configured: the data layer still gets the segments`, async ({ openLab }) => {
    const lab = await openLab({
      hostile,
      config: { outputs: { dataLayer: true } },
      calls: `
        audienceRelay('signals', { c_section: 'sports' });
        audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
          report('ready ' + r.status);
          var tries = 0;
          (function look() {
            var layer = window.dataLayer || [], ours = null;
            for (var i = 0; i < layer.length; i++) if (layer[i] && layer[i].event === 'audience-relay.segments') ours = layer[i];
            if (ours || ++tries > 40) report('dataLayer ' + (ours ? ours.segments.join(',') : 'none'));
            else setTimeout(look, 100);
          })();
        });`,
    });
    await lab.reported(/^ready fresh/);
    expect(await lab.reported(/^dataLayer /)).toMatch(/^dataLayer 5001/);
    expect(lab.ourErrors()).toEqual([]);
  });

  // Fixed (session i) in packages/tag/src/bundle-loader.ts (the debug bundle is a function, whose `then`
  // is inherited too) and packages/tag/src/relay.ts (diagnose's answer object). Expected:
  // diagnose() resolves with its diagnosis; today it rejects with the page's error, or never settles.
  test(`Object.prototype.then (${name}): diagnose() settles with a diagnosis`, async ({ openLab }) => {
    const lab = await openLab({
      hostile,
      calls: `
        audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
          report('ready ' + r.status);
          var settled = false;
          audienceRelay('diagnose').then(function (d) { settled = true; report('diagnose ' + (d && typeof d.summary)); }, function (e) { settled = true; report('diagnose rejected ' + (e && e.message)); });
          setTimeout(function () { if (!settled) report('diagnose unsettled'); }, 6000);
        });`,
    });
    await lab.reported(/^ready fresh/);
    expect(await lab.reported(/^diagnose /)).toBe('diagnose string');
    expect(lab.ourErrors()).toEqual([]);
  });

  // Fixed (session i) in packages/tag/src/commands.ts: before a config is taken, `ready`'s timeout result
  // and `getSegments`' [] are not inert(). Expected: ready resolves `timeout`, getSegments [];
  // today ready rejects with the page's error (it never rejects by contract), or never settles.
  test(`Object.prototype.then (${name}): ready and getSegments before a config (refused) settle`, async ({ openLab }) => {
    const lab = await openLab({
      hostile,
      config: { partner: 42 },
      calls: `
        var seen = {};
        function watch(label, promise, ms) {
          promise.then(function (r) { seen[label] = 1; report(label + ' ' + (r && (r.status || (Array.isArray(r) ? 'list' : typeof r)))); },
            function (e) { seen[label] = 1; report(label + ' rejected ' + (e && e.message)); });
          setTimeout(function () { if (!seen[label]) report(label + ' unsettled'); }, ms);
        }
        watch('ready', audienceRelay('ready', { timeoutMs: 300 }), 3000);
        watch('getSegments', audienceRelay('getSegments'), 3000);`,
    });
    const said = [await lab.reported(/^ready /), await lab.reported(/^getSegments /)];
    expect(said).toEqual(['ready timeout', 'getSegments list']);
    expect(lab.ourErrors()).toEqual([]);
  });

  // Fixed (session i) in packages/tag/src/snippet/snippet.js (settle) and install-global.ts (fail): the
  // snippet settles `ready` with a plain `blocked` object when the tag cannot load. Expected:
  // ready resolves `blocked` by its deadline; today it rejects with the page's error, or never settles.
  test(`Object.prototype.then (${name}), the tag blocked: ready settles blocked`, async ({ openLab, page }) => {
    await page.route('**/audience-relay.js*', (route) => route.abort());
    const lab = await openLab({
      hostile,
      calls: `
        var settled = false;
        audienceRelay('ready', { timeoutMs: 500 }).then(function (r) { settled = true; report('ready ' + r.status); }, function (e) { settled = true; report('ready rejected ' + (e && e.message)); });
        setTimeout(function () { if (!settled) report('ready unsettled'); }, 3000);`,
    });
    expect(await lab.reported(/^ready /)).toBe('ready blocked');
  });
}

// `Promise[Symbol.hasInstance]` defined by the page (before or after start: the tag's
// NativePromise is that same object): commands.ts tells a promise answer from an object by
// `instanceof`, so a real promise is taken for a plain answer and made inert() (an own
// `then: undefined`): `optOut` and `diagnose` then resolve at once with the pending promise
// object itself. A page that navigates on `await optOut()` leaves before the DCS is told.
// Fixed (session i) in packages/tag/src/commands.ts (a brand check, e.g. the relay's methods known to
// answer promises, not `instanceof`). Expected: diagnose resolves with its diagnosis.
test('Promise[Symbol.hasInstance] answering false: diagnose and optOut still wait for their work', async ({ openLab }) => {
  const lab = await openLab({
    hostile: `Object.defineProperty(Promise, Symbol.hasInstance, { configurable: true, value: function () { return false; } });`,
    calls: `
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status);
        audienceRelay('diagnose').then(function (d) {
          report('diagnose ' + typeof (d && d.summary) + ' ' + (d && typeof d.then === 'undefined' && Object.getPrototypeOf(d) === Promise.prototype ? 'a-promise' : 'a-diagnosis'));
        }, function (e) { report('diagnose rejected ' + (e && e.message)); });
      });`,
  });
  await lab.reported(/^ready fresh/);
  expect(await lab.reported(/^diagnose /)).toBe('diagnose string a-diagnosis');
  expect(lab.ourErrors()).toEqual([]);
});

// Accessor pollution of property descriptors: `Object.defineProperty(o, k, { value })` reads
// the descriptor's `get` and `set` through its prototype chain (ToPropertyDescriptor uses
// HasProperty). A page whose Object.prototype has a `get` or `set` (a prototype-pollution
// gadget; old libraries that add get/set helpers to every object) makes every plain descriptor
// "both a value and an accessor": a TypeError. install-global.ts writes its descriptor with
// `__proto__: null` for this reason; protocol/src/own.ts (inert(), which settles every object
// answer) and tag/src/share-intrinsics.ts do not.
// Fixed (session i) in packages/protocol/src/own.ts and packages/tag/src/share-intrinsics.ts (null-
// prototype descriptors). Expected: ready settles fresh and nothing of ours is thrown; today
// ready never settles and "TypeError: Invalid property descriptor…" reaches the page.
for (const name of ['get', 'set']) {
  test(`Object.prototype.${name} (a plain function, not enumerable): ready still settles fresh, nothing of ours thrown`, async ({ openLab }) => {
    const lab = await openLab({
      hostile: `Object.defineProperty(Object.prototype, '${name}', { configurable: true, writable: true, enumerable: false, value: function () {} });`,
      calls: `
        var settled = false;
        audienceRelay('signals', { c_section: 'sports' });
        audienceRelay('ready', { timeoutMs: 4000 }).then(function (r) { settled = true; report('ready ' + r.status); }, function (e) { settled = true; report('ready rejected ' + e); });
        setTimeout(function () { if (!settled) report('ready unsettled'); }, 8000);`,
    });
    expect(await lab.reported(/^ready /)).toBe('ready fresh');
    expect(lab.ourErrors()).toEqual([]);
  });
}
