// Our iframe navigated away after it connected: a page script that blanks iframes
// (`iframe.src = 'about:blank'`, the old idiom to free an iframe's memory or stop embedded media
// on a route change or a modal's close), or the frame's document gone any other way while its
// element stays in the page. The port the tag holds is dead, and no `hello` comes (nothing of
// ours loads again). The tag mounts a frame again only when its element left the document or
// never connected (bridge/connection.ts `revive`: `gone()`, or a CONNECTION_TIMEOUT); a
// connected caller whose calls time out is kept: every later call on that page view settles
// `timeout` (CALL_TIMEOUT) and no signal reaches the DCS again, for as long as the page lives.
// The page removing the element instead is recovered from (hostile-dom.spec.ts).
// Outside review (attack11).
// Fixed (session l) in packages/tag/src/bridge/browser-bridge.ts: each document of ours says
// hello before its load; a load of the connected frame without a hello of its own is a document
// not ours, and the next call mounts the frame again (connection.ts `revive`, through `gone`).
// Expected: after the frame was blanked, a later call reaches the DCS and ready settles fresh.
import { dcsQuiet } from '@audience-relay/testing';
import { expect } from './fixtures';
import { test } from './hostile-lab';

type Relay = (...args: unknown[]) => Promise<{ status: string; error?: { code: string } }>;

for (const [how, blank] of [
  ["src = 'about:blank'", "(document.querySelector('iframe[title=\"audience-relay\"]')).src = 'about:blank';"],
  ['its window sent elsewhere (contentWindow.location.replace)', "document.querySelector('iframe[title=\"audience-relay\"]').contentWindow.location.replace('about:blank');"],
] as const) {
  test(`our iframe navigated away after it connected (${how}): a later call mounts it again and reaches the DCS`, async ({ openLab, sites }) => {
    const lab = await openLab({ calls: `audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { report('ready ' + r.status); });` });
    await lab.reported('ready fresh');
    await lab.page.evaluate(blank);
    const statuses: string[] = [];
    for (let i = 0; i < 3 && !statuses.includes('fresh'); i++) {
      statuses.push(
        await lab.page.evaluate(async (step) => {
          const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
          void relay('signals', { c_step: `after-blank-${step}` });
          return (await relay('ready', { timeoutMs: 3000 })).status;
        }, i),
      );
    }
    await dcsQuiet(sites.dcs);
    // Before the fix: timeout, timeout, timeout; none of the three calls reached the DCS.
    expect(statuses).toContain('fresh');
    expect(sites.dcs.requests().some((r) => r.signals.c_step?.[0]?.startsWith('after-blank-'))).toBe(true);
    expect(lab.ourErrors()).toEqual([]);
  });
}
