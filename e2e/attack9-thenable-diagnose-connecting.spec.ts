// attack9: attack7's thenable class, one path left. diagnose() while the frame is still
// connecting (the moment a developer asks why there are no segments yet, or a diagnose()
// queued before the tag came) probes the frame URL: debug/probe-frame.ts probeFrame is an
// async function that returns a plain object, so its promise looks up that object's `then`,
// which a page that set Object.prototype.then owns. A no-op `then` leaves diagnose() pending for
// ever; a throwing `then` getter rejects it with the page's error. (attack7's test asks after
// `ready` settled fresh, where diagnoseLive returns before the probe: that path holds.)
import { expect } from './fixtures';
import { test } from './hostile-lab';

const CASES: Record<string, [string, string]> = {
  'a no-op then': ['Object.prototype.then = function () {};', 'diagnose unsettled'],
  'a throwing then getter': [`Object.defineProperty(Object.prototype, 'then', { configurable: true, get: function () { throw new Error('page-owned then'); } });`, 'diagnose rejected page-owned then'],
};

for (const [name, [hostile, today]] of Object.entries(CASES)) {
  // Fixed (session j) in debug/probe-frame.ts: its answers are inert.
  test(`Object.prototype.then (${name}): diagnose() while the frame connects settles with a diagnosis`, async ({ openLab }) => {
    const lab = await openLab({
      hostile,
      calls: `
        var settled = false;
        audienceRelay('diagnose').then(function (d) { settled = true; report('diagnose ' + (d && typeof d.summary)); }, function (e) { settled = true; report('diagnose rejected ' + (e && e.message)); });
        setTimeout(function () { if (!settled) report('diagnose unsettled'); }, 7000);`,
    });
    // On ffbc4a0: the value of `today` in CASES.
    expect(await lab.reported(/^diagnose /)).toBe('diagnose string');
    expect(lab.ourErrors()).toEqual([]);
    void today;
  });
}

// Holds today (control): the same call on a page that did not touch Object.prototype.
test('diagnose() while the frame connects settles with a diagnosis (no pollution)', async ({ openLab }) => {
  const lab = await openLab({
    calls: `audienceRelay('diagnose').then(function (d) { report('diagnose ' + (d && typeof d.summary)); }, function (e) { report('diagnose rejected ' + (e && e.message)); });`,
  });
  expect(await lab.reported(/^diagnose /)).toBe('diagnose string');
});
