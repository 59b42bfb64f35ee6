// TCF publisher restrictions (TCF v2.2 policy; `tcData.publisher.restrictions`, keyed by purpose
// then vendor: 0 = not allowed, 1 = require consent, 2 = require legitimate interest). A vendor
// must honour them whatever its consent bits say: a publisher may flatly forbid a vendor a
// purpose in its CMP (vendor.consents and purpose.consents stay true: they are the visitor's
// choices). consent/consent.ts reads purpose.consents and vendor.consents only.
import { tcString } from '@audience-relay/mock-dcs';
import { expect } from './fixtures';
import { test } from './hostile-lab';

const cmp = (restrictions: Record<string, Record<string, number>>): string => `
  window.__tcfapi = function (command, version, callback) {
    if (command !== 'addEventListener') return;
    setTimeout(function () {
      callback({
        eventStatus: 'tcloaded', gdprApplies: true, listenerId: 1, cmpStatus: 'loaded',
        tcString: ${JSON.stringify(tcString({ purposes: [1, 2, 3, 4, 10], vendors: [565] }))},
        purpose: { consents: { 1: true, 2: true, 3: true, 4: true, 10: true }, legitimateInterests: {} },
        vendor: { consents: { 565: true }, legitimateInterests: {} },
        publisher: { consents: {}, legitimateInterests: {}, customPurpose: { consents: {}, legitimateInterests: {} }, restrictions: ${JSON.stringify(restrictions)} },
      }, true);
    }, 20);
  };`;

// Fixed in packages/tag/src/consent/consent.ts: a publisher restriction of type 0 (not
// allowed) for vendor 565 on purpose 1 or 10 must deny, as a missing consent does. Expected:
// ready settles no-consent and nothing reaches the DCS; today the page view goes out (and the
// device-ID copy and segment cache are written) as if the publisher had allowed it.
for (const purpose of ['1', '10']) {
  test(`the publisher forbids vendor 565 purpose ${purpose} in its CMP: nothing reaches the DCS, ready says no-consent`, async ({ openLab, sites }) => {
    const lab = await openLab({ hostile: cmp({ [purpose]: { 565: 0 } }) });
    const ready = await lab.reported(/^ready /);
    await lab.reported('done');
    expect({ ready: ready.split(' ')[1], dcsCalls: sites.dcs.requests().length }).toEqual({ ready: 'no-consent', dcsCalls: 0 });
    expect(lab.ourErrors()).toEqual([]);
  });
}

// Holds today (a control for the cases above): the same CMP without restrictions gets segments.
test('the same CMP without publisher restrictions: fresh segments', async ({ openLab }) => {
  const lab = await openLab({ hostile: cmp({ 1: { 999: 0 } }) });
  expect(await lab.reported(/^ready /)).toMatch(/^ready fresh - 5001/);
  expect(lab.ourErrors()).toEqual([]);
});
