// The page's own callbacks that throw: listeners, `ready`'s callbacks, a CMP, an ad library's
// queue. Their errors are the page's; they must not break the tag nor the other listeners,
// and nothing of ours may be thrown with them.
import { expect } from './fixtures';
import { PAGE_OWNED, test } from './hostile-lab';

test("listeners and ready's callbacks that throw: the other listeners still get the segments, later calls still work", async ({ openLab, sites }) => {
  const lab = await openLab({
    config: { outputs: { gpt: { key: 'aud' } } },
    calls: `
      window.googletag = { cmd: { push: function () { throw new Error('thrown by the page: googletag.cmd.push'); } } };
      audienceRelay('on', 'connected', function () { throw new Error('thrown by the page: connected listener'); });
      audienceRelay('on', 'segments', function () { throw new Error('thrown by the page: first segments listener'); });
      audienceRelay('on', 'segments', function (e) { report('second listener ' + e.segments.join(',')); });
      audienceRelay('on', 'debug', function () { throw new Error('thrown by the page: debug listener'); });
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function () {
        throw new Error('${PAGE_OWNED}: ready callback');
      });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status + ' ' + r.segments.join(','));
        audienceRelay('signals', { c_probe: 'later' });
        return audienceRelay('ready', { timeoutMs: 5000 });
      }).then(function (r) {
        report('later ' + r.status + ' ' + r.segments.join(','));
        setTimeout(function () { setTimeout(function () { report('done'); }); });
      });`,
  });
  await lab.reported(/^ready fresh 5001(,5005)?$/);
  // (5005 may join the later call: the content provider's sync of the first call.)
  await lab.reported(/^second listener 5001/);
  await lab.reported(/^later fresh 5001/);
  await lab.reported('done');
  expect(sites.dcs.requests().map((c) => c.signals.c_probe?.[0] ?? null)).toEqual([null, 'later']);
  // The page's own rejection (its ready callback threw) is the only error on the page: the
  // listeners' errors were caught, and none of ours was thrown.
  expect(lab.allErrors.length).toBeGreaterThan(0);
  expect(lab.allErrors.every((e) => e.includes(`${PAGE_OWNED}: ready callback`))).toBe(true);
  // Each listener that threw is named on the console.
  expect(lab.console.join('\n')).toMatch(/first segments listener/);
});

test('a CMP that throws: the gate stays closed (no-consent), the console says why, nothing of ours is thrown', async ({ openLab, sites }) => {
  const lab = await openLab({
    hostile: `window.__tcfapi = function () { throw new Error('thrown by the page: __tcfapi'); };`,
    config: { consent: { timeoutMs: 300 } },
  });
  await lab.reported('ready no-consent NO_CONSENT ');
  await lab.reported('done');
  expect(lab.console.join('\n')).toMatch(/__tcfapi/);
  expect(sites.dcs.requests()).toEqual([]);
  expect(lab.ourErrors()).toEqual([]);
});
