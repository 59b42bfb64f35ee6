// "Nothing taken from the host page after start-up" (e2e/hostile-after-start.spec.ts) for the
// code of ours that STARTS later: the outputs bundle (audience-relay-outputs.js) is loaded on
// the first segments, so it evaluates after the page may have patched built-ins, and its
// outputs look some up at each call. The tag takes `structuredClone` and `Reflect` once at start
// (platform.ts, intrinsics.ts; docs/SECURITY.md "Platform functions deleted or replaced after
// the tag started"), but:
// - outputs/page-events.ts calls the global `structuredClone` at each push: deleted after start,
//   the data layer never gets the segments (a console error only);
// - register-bundle.ts calls the global `Reflect.get` as the bundle evaluates, and
//   bundle-loader.ts as it loads it: a `Reflect.get` replaced after start keeps the bundle from
//   registering, so NO output (Prebid, data layer, cookie, cookie destinations) is ever applied.
// Fixed: the tag leaves its start-time built-ins for its bundles (shared-intrinsics.ts), used by
// outputs/page-events.ts and register-bundle.ts; bundle-loader.ts takes Reflect.get at start.
import { expect } from './fixtures';
import { test } from './hostile-lab';

const thrower = (what: string): string => `function () { throw new Error('page-owned: patched by the page: ${what}'); }`;

// [name, patch, fails today]
const CASES: Array<[string, string, boolean]> = [
  ['control: nothing patched', '', false],
  // main: 'ready fresh dataLayer none', console "ReferenceError: structuredClone is not defined".
  ['structuredClone deleted', 'delete window.structuredClone;', false],
  // main: 'ready fresh dataLayer none', console "…audience-relay-outputs.js did not load".
  ['Reflect.get throws', `Reflect.get = ${thrower('Reflect.get')};`, false],
];

for (const [name, patch, fails] of CASES) {
  test(`after start, before the outputs bundle loads: ${name}: the data layer still gets the segments`, async ({ openLab, page }) => {
    test.fail(fails);
    let patched = false;
    // The bundle arrives once the page has patched (it loads on the first segments either way).
    await page.route('**/audience-relay-outputs.js*', async (route) => {
      await expect.poll(() => patched, { timeout: 10000 }).toBe(true);
      await route.continue();
    });
    page.on('console', (m) => m.text() === 'lab: patched' && (patched = true));
    const lab = await openLab({
      config: { outputs: { dataLayer: true } },
      calls: `
        var done = false;
        audienceRelay('on', 'segments', function () {
          if (done) return;
          done = true;
          ${patch}
          report('patched');
        });
        audienceRelay('signals', { c_section: 'sports' });
        audienceRelay('ready', { timeoutMs: 8000 }).then(function (r) {
          var layer = window.dataLayer || [], ours = null;
          for (var i = 0; i < layer.length; i++) if (layer[i] && layer[i].event === 'audience-relay.segments') ours = layer[i];
          report('ready ' + r.status + ' dataLayer ' + (ours ? ours.segments.join(',') : 'none'));
        });`,
    });
    const ready = await lab.reported(/^ready /);
    expect(ready).toMatch(/^ready fresh dataLayer 5001/);
    expect(lab.ourErrors()).toEqual([]);
  });
}
