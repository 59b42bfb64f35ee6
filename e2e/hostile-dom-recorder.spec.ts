// What the tag leaves in the publisher page's DOM (outside review, branch attack3). Session
// replay and heat-map scripts (Hotjar, FullStory, Clarity, LogRocket…) serialize the DOM,
// attributes included, and send it to their servers: they are not the scripts that gave the
// signals. `p_` (private) signals are "evaluated, never stored": the DCS redacts them, the debug
// stream and every on('debug') listener see the key only. But the boot call (the first event
// call, in the frame URL's #fragment) stays in the <iframe src> attribute for the page's life,
// p_ values and privacy strings in clear (and, on a repeat visit, the device-ID copy); and in
// the page's Resource Timing entry for the frame (its name is the URL, fragment included).
// Fixed in packages/protocol/src/boot-call.ts: a first call with a p_ signal or a device-ID copy
// is no boot call; it takes the port (resetting the src would clear the DOM, not the timing entry).
import { dcsQuiet } from '@audience-relay/testing';
import { expect } from './fixtures';
import { test } from './hostile-lab';

const PRIVATE = 'income-band-7-private';

test('a p_ signal value is nowhere in the page DOM nor its Resource Timing once ready settled (recorders and RUM scripts send those away)', async ({ openLab, sites }) => {
  const lab = await openLab({
    // The value is put together at run time: the page's own script text (in the DOM too) must
    // not hold it, or the check would find the page's source rather than what the tag left.
    calls: `
      var secret = ${JSON.stringify(PRIVATE.split('-'))}.join('-');
      audienceRelay('signals', { c_section: 'sports', p_income: secret });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status);
        // What a DOM recorder serializes: the document's markup, attributes included.
        var markup = decodeURIComponent(document.documentElement.outerHTML);
        report('dom holds p_ value ' + (markup.indexOf(secret) >= 0));
        var timing = decodeURIComponent(performance.getEntriesByType('resource').map(function (e) { return e.name; }).join(' '));
        report('timing holds p_ value ' + (timing.indexOf(secret) >= 0));
      });
    `,
  });
  await lab.reported('ready fresh');
  // The control: the DCS did get the private signal (on the port now, not as the boot call), redacted in its log.
  await dcsQuiet(sites.dcs);
  expect(sites.dcs.requests().some((r) => r.signals.p_income?.[0] === '[redacted]')).toBe(true);
  // Today: true, the <iframe src="…/frame.html#%7B%22signals%22%3A…p_income…income-band-7-private…">.
  // And in the page's Resource Timing entries, which RUM scripts (Boomerang, Datadog, New Relic…)
  // send to their servers: an entry is never taken back, so changing the src later does not help.
  expect([await lab.reported(/^dom holds p_ value/), await lab.reported(/^timing holds p_ value/)]).toEqual(['dom holds p_ value false', 'timing holds p_ value false']);
});

test('the control: a first call without a private signal still rides in the frame URL (the boot call)', async ({ openLab, sites }) => {
  const lab = await openLab();
  await lab.reported(/^ready fresh /);
  const src = (await lab.page.locator('iframe[title="audience-relay"]').getAttribute('src'))!;
  const boot = JSON.parse(decodeURIComponent(src.split('#')[1]!.split(';')[0]!)) as { signals: Record<string, string[]> };
  expect(boot.signals).toEqual({ c_section: ['sports'] });
  await dcsQuiet(sites.dcs);
  expect(sites.dcs.requests()).toHaveLength(1);
});
