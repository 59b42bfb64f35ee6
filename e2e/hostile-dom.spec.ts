// A page whose own DOM work takes our iframe away after the tag connected: Turbo (Rails'
// default front end) and similar "HTML over the wire" libraries replace <body> on every
// navigation; ad-cleanup and consent scripts remove iframes they do not know. The tag
// mounted its frame in <body>, so the frame's document is gone and the port with it.
// The public API must keep working: the next page view reaches the DCS and ready is fresh.
// Fixed: before a call, a frame out of its document is mounted again (connection.ts revive). It failed before: bridge/browser-bridge.ts mounted the frame once and never
// looks at it again; a removed iframe gives no event, the MessagePort just stops answering
// (protocol messenger), so the next call waits for its deadline: on main both cases report
// `second timeout CALL_TIMEOUT` (measured), the page view's call never having left the page.
import { expect } from './fixtures';
import { test } from './hostile-lab';

const CASES = [
  {
    name: 'Turbo-style navigation replaces <body> (the new body has no iframe of ours)',
    takeAway: `document.documentElement.replaceChild(document.createElement('body'), document.body);`,
  },
  {
    name: 'an iframe-cleanup script removes every iframe it does not know',
    takeAway: `Array.prototype.forEach.call(document.querySelectorAll('iframe'), function (f) { f.remove(); });`,
  },
];

for (const { name, takeAway } of CASES) {
  test(`${name}: the next page view reaches the DCS and ready is fresh`, async ({ openLab, sites }) => {
    const lab = await openLab({
      calls: `
        audienceRelay('signals', { c_section: 'sports' });
        audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
          report('first ' + r.status);
          ${takeAway}
          history.pushState(null, '', '/next');
          audienceRelay('pageView', { url: location.href });
          audienceRelay('signals', { c_after: 'taken-away' });
          return audienceRelay('ready', { timeoutMs: 5000 });
        }).then(function (r) {
          report('second ' + r.status + ' ' + (r.error ? r.error.code : '-'));
        });`,
    });
    await lab.reported('first fresh');
    const second = await lab.reported(/^second /);
    expect(second).toMatch(/^second fresh /);
    expect(sites.dcs.requests().some((r) => r.signals.c_after?.[0] === 'taken-away')).toBe(true);
    expect(lab.ourErrors()).toEqual([]);
  });
}
