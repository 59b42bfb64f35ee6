// A visitor who uses the site's "Do Not Sell or Share My Personal Information" link after the
// page loaded: the US Privacy CMP (`__uspapi`) answers `1YYN` from then on. The tag asked
// `getUSPData` once, as it started (consent/consent.ts: the USP asker runs once; the USP API has
// no listener), and keeps sending `us_privacy=1YNN` with every later call of that page view (an
// SPA's every route for as long as the tab lives): the frame does not restrict them, so the DCS's
// ID syncs and URL destinations (the visitor's ID and segments to partners: a sale) still fire,
// and the DCS hears no opt-out. TCF and GPP changes are heard through their listeners; USP has
// none, so it must be asked again.
// Outside review (attack11).
// Fixed (session k) in packages/tag/src/consent/consent.ts (`refresh`) and relay.ts (`add`):
// getUSPData is asked again before each call the page makes.
// Expected: a call made after the CMP's string became 1YYN carries us_privacy=1YYN.
import { dcsQuiet } from '@audience-relay/testing';
import { expect } from './fixtures';
import { test } from './hostile-lab';

type Relay = (...args: unknown[]) => Promise<{ status: string }>;

// A minimal US Privacy CMP, as the IAB reference stub: getUSPData answers the current string.
const USP_CMP = `
  window.uspString = '1YNN';
  window.__uspapi = function (command, version, callback) {
    if (command === 'getUSPData' && version === 1) callback({ version: 1, uspString: window.uspString }, true);
    else callback(null, false);
  };`;

test('a US opt-out of sale made after the page loaded reaches the next event call', async ({ openLab, sites }) => {
  const lab = await openLab({ hostile: USP_CMP, calls: `audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { report('ready ' + r.status); });` });
  await lab.reported('ready fresh');
  await dcsQuiet(sites.dcs);
  // Control: the first call carried the string the CMP gave then.
  expect(sites.dcs.requests().some((r) => r.path.includes('us_privacy=1YNN'))).toBe(true);

  // The visitor clicks "Do Not Sell": the CMP's answer changes. Then the SPA routes on.
  const status = await lab.page.evaluate(async () => {
    (window as unknown as { uspString: string }).uspString = '1YYN';
    const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
    void relay('signals', { c_step: 'after-opt-out' });
    return (await relay('ready', { timeoutMs: 5000 })).status;
  });
  expect(status).toBe('fresh');
  await dcsQuiet(sites.dcs);
  const after = sites.dcs.requests().find((r) => r.signals.c_step?.[0] === 'after-opt-out');
  expect(after, 'the call after the opt-out reached the DCS').toBeTruthy();
  // Measured: us_privacy=1YNN (the string from the page's start).
  expect(after!.path).toContain('us_privacy=1YYN');
});
