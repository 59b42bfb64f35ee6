// What the tag leaves in the publisher page's DOM (outside review, branch attack3). Session
// replay and heat-map scripts (Hotjar, FullStory, Clarity, LogRocket…) serialize the DOM,
// attributes included, and send it to their servers: they are not the scripts that gave the
// signals. `p_` (private) signals are "evaluated, never stored": the DCS redacts them, the debug
// stream and every on('debug') listener see the key only. But the boot call (the first event
// call, in the frame URL's #fragment) stays in the <iframe src> attribute for the page's life,
// p_ values and privacy strings in clear (and, on a repeat visit, the device-ID copy).
// lead: fix in packages/tag/src/bridge/browser-bridge.ts (e.g. once the frame said hello, set
// its src to the URL with an empty fragment, `…/frame.html#`: the frame replaced its own URL
// with one without the fragment, so that is a same-document fragment navigation, no reload).
import { dcsQuiet } from '@audience-relay/testing';
import { expect } from './fixtures';
import { test } from './hostile-lab';

const PRIVATE = 'income-band-7-private';

test.fail('a p_ signal value is nowhere in the page DOM once ready settled (a DOM recorder would send it away)', async ({ openLab, sites }) => {
  const lab = await openLab({
    calls: `
      audienceRelay('signals', { c_section: 'sports', p_income: ${JSON.stringify(PRIVATE)} });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status);
        // What a DOM recorder serializes: the document's markup, attributes included.
        var markup = decodeURIComponent(document.documentElement.outerHTML);
        report('dom holds p_ value ' + (markup.indexOf(${JSON.stringify(PRIVATE)}) >= 0));
      });
    `,
  });
  await lab.reported('ready fresh');
  // The control: the DCS did get the private signal (as the boot call), redacted in its log.
  await dcsQuiet(sites.dcs);
  expect(sites.dcs.requests().some((r) => r.signals.p_income?.[0] === '[redacted]')).toBe(true);
  // Today: true, the <iframe src="…/frame.html#%7B%22signals%22%3A…p_income…income-band-7-private…">.
  expect(await lab.reported(/^dom holds p_ value/)).toBe('dom holds p_ value false');
});
