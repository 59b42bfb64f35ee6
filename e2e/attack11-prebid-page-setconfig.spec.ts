// Prebid's first-party data as its documentation shows it: the page's own
// `pbjs.que.push(() => pbjs.setConfig({ ortb2: { site: {…} } }))`. Prebid's `setConfig` replaces
// the whole `ortb2` topic (only `mergeConfig` merges; the stand-in does the same). Segments that
// arrive before Prebid has loaded (a fast DCS, a cached repeat visit, Prebid async from its CDN)
// wait as our command, put first in the page's `pbjs.que` array (outputs/prebid.ts, queueLatest
// without `again`): when Prebid loads it runs ours (mergeConfig of our user.data entry), then the
// page's setConfig, which drops it, then the auction the page started after `ready`: the first
// auction carries none of our segments, though `ready` said fresh. The GPT output runs again after
// the page's commands for this very reason (`again`); the Prebid output does not.
// Outside review (attack11).
// Fixed (session l) in packages/tag/src/outputs/prebid.ts: the output subscribes to Prebid's
// `ortb2` topic (`getConfig('ortb2', fn)`, called at once on every setConfig) and puts its entry
// back where the page's setConfig dropped it; the stand-in has Prebid's subscriptions.
// Expected: the first auction's ortb2.user.data holds our entry (name dcs.example) beside the
// page's ortb2.site.
import { readFileSync } from 'node:fs';
import { expect } from './fixtures';
import { test, type Lab } from './hostile-lab';

const PREBID = readFileSync(new URL('../examples/stand-ins/prebid.js', import.meta.url), 'utf8');

const calls = (pageConfig: string): string => `
  window.pbjs = window.pbjs || { que: [] };
  pbjs.que.push(function () { ${pageConfig} });
  audienceRelay('signals', { c_section: 'sports' });
  audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
    report('ready ' + r.status + ' ' + r.segments.join(','));
    pbjs.que.push(function () {
      pbjs.requestBids({});
      report('auction ' + JSON.stringify(window.__auctions[0].ortb2));
    });
    // Prebid.js arrives after the DCS answered (async from its CDN): the stand-in, loaded now.
    setTimeout(function () { var s = document.createElement('script'); s.textContent = ${JSON.stringify(PREBID)}; document.head.appendChild(s); }, 200);
  });
`;

/** The page said ready fresh, and its first auction's ortb2 has the page's site and our entry with those segments. */
async function expectOurEntryInAuction(lab: Lab): Promise<void> {
  const ready = await lab.reported(/^ready /);
  expect(ready).toMatch(/^ready fresh \d/);
  const auction = JSON.parse((await lab.reported(/^auction /)).slice('auction '.length)) as { site?: unknown; user?: { data?: Array<{ name: string; segment: Array<{ id: string }> }> } };
  expect(auction.site).toEqual({ name: 'Lab news' });
  expect(auction.user?.data?.find((d) => d.name === 'dcs.example')?.segment.map((s) => s.id)).toEqual(ready.split(' ')[2]!.split(','));
  expect(lab.ourErrors()).toEqual([]);
}

for (const [name, pageConfig] of [
  ['the page merges its ortb2 (mergeConfig)', "pbjs.mergeConfig({ ortb2: { site: { name: 'Lab news' } } });"],
  ["the page sets its ortb2 as Prebid's docs show (setConfig)", "pbjs.setConfig({ ortb2: { site: { name: 'Lab news' } } });"],
] as const) {
  test(`${name}, Prebid loaded after the segments: the first auction carries our segments`, async ({ openLab }) => {
    const lab = await openLab({ config: { outputs: { prebid: { name: 'dcs.example' } } }, calls: calls(pageConfig) });
    // Before the fix, with setConfig: no user at all in the first auction's ortb2.
    await expectOurEntryInAuction(lab);
  });
}

test("Prebid loaded first, the page's setConfig after our segments: the next auction still carries them", async ({ openLab }) => {
  const lab = await openLab({
    config: { outputs: { prebid: { name: 'dcs.example' } } },
    calls: `
      ${'(function () { var s = document.createElement("script"); s.textContent = ' + JSON.stringify(PREBID) + '; document.head.appendChild(s); })();'}
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status + ' ' + r.segments.join(','));
        pbjs.que.push(function () {
          pbjs.setConfig({ ortb2: { site: { name: 'Lab news' } } });
          pbjs.requestBids({});
          report('auction ' + JSON.stringify(window.__auctions[0].ortb2));
        });
      });
    `,
  });
  await expectOurEntryInAuction(lab);
});
