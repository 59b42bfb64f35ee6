// A frame mounted after the page's `load` (consent given later: the visitor clicks "accept"
// seconds after the page loaded; or a tag manager that runs the tag late) whose request stalls
// once (a hung edge, a captive network). The connect deadline took a stalled frame out only to
// release the page's `load` and mounted it again after it; with `load` already past, it did
// nothing, and the page never got fresh segments however long it stayed open.
import { expect } from './fixtures';
import { test } from './hostile-lab';

/** A TCF CMP that grants once the page has loaded, and a moment after (a click on "accept"). */
const CMP_AFTER_LOAD = `
  window.__tcfapi = function (command, version, callback) {
    if (command !== 'addEventListener') return;
    function grant() {
      report('accepted');
      callback({ gdprApplies: true, eventStatus: 'useractioncomplete', tcString: 'CPaccepted', listenerId: 1,
        purpose: { consents: { 1: true, 10: true } }, vendor: { consents: { 565: true } } }, true);
    }
    if (document.readyState === 'complete') setTimeout(grant, 300);
    else addEventListener('load', function () { setTimeout(grant, 300); });
  };
`;

test('consent given after the page loaded, the frame request stalls once: the frame is loaded again and brings fresh segments', async ({ page, openLab }) => {
  let frameRequests = 0;
  await page.route('**/frame.html*', (route) => (++frameRequests === 1 ? undefined : route.fallback()));
  const lab = await openLab({
    hostile: CMP_AFTER_LOAD,
    config: { connectTimeoutMs: 1500, consent: { requireTcf: true } },
    calls: `
      addEventListener('load', function () { report('page load'); });
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('on', 'segments', function (e) { if (!e.cached) report('fresh ' + e.segments.join(',')); });`,
  });
  await lab.reported('page load');
  await lab.reported('accepted');
  // The first request stalls to the connect deadline (1.5 s); the second is answered.
  await lab.reported(/^fresh 5001/);
  expect(frameRequests).toBe(2);
  expect(await page.locator('iframe[title="audience-relay"]').count()).toBe(1);
  expect(lab.ourErrors()).toEqual([]);
});
