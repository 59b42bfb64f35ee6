// window.stop() while our frame loads: the browser's Stop button or Esc on a slow page, or a
// page script that stops loading (anti-adblock walls, redirect scripts). The iframe's
// navigation is cancelled: the element stays in the document, never loads frame.html, never
// says hello. The page has loaded by then, so connection.stalled() does nothing, and revive()
// mounts again only a frame out of its document: the relay is dead for the page's life, every
// later signal and page view (an SPA's whole session) lost, each `ready` settling blocked.
import { expect } from './fixtures';
import { test } from './hostile-lab';

// Fixed in packages/tag/src/bridge/connection.ts (`revive`): a frame that never said hello by
// the connect deadline is mounted again with the next call, as one taken out of the document
// is. The first `ready` waits past the connect deadline (5 s), so it settles on the failure
// (blocked), and the next call comes after it. Expected: a call made after the first `ready` settled gets fresh
// segments; today it settles blocked CONNECTION_TIMEOUT and the DCS never hears of the page.
test('window.stop() as our frame loads: the next call mounts it again and gets fresh segments', async ({ openLab, sites }) => {
  const lab = await openLab({
    waitUntil: 'domcontentloaded',
    calls: `
      new MutationObserver(function (records, observer) {
        for (var i = 0; i < records.length; i++) for (var j = 0; j < records[i].addedNodes.length; j++) {
          if (records[i].addedNodes[j].tagName === 'IFRAME') { observer.disconnect(); window.stop(); report('stopped'); }
        }
      }).observe(document.documentElement, { childList: true, subtree: true });
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 8000 }).then(function (r) {
        report('first ' + r.status);
        // A frame still loading is left to connect late for two connect deadlines (10 s); a
        // call after that mounts it again.
        setTimeout(function () {
          audienceRelay('signals', { c_section: 'news' });
          audienceRelay('ready', { timeoutMs: 8000 }).then(function (r) {
            report('next ' + r.status + ' ' + (r.error ? r.error.code : '-') + ' ' + r.segments.join(','));
          });
        }, 5500);
      });`,
  });
  await lab.reported('stopped');
  expect(await lab.reported(/^first /)).toBe('first blocked');
  expect(await lab.reported(/^next /)).toMatch(/^next fresh /);
  expect(sites.dcs.requests().length).toBeGreaterThan(0);
  expect(lab.ourErrors()).toEqual([]);
});

// The same dead end from the network: the one frame.html request of the page fails (a DCS
// deploy, a CDN's 502 for a second). The iframe loads the error page and never says hello.
// Fixed in packages/tag/src/bridge/connection.ts (as above). Expected: once the DCS is
// back, the next call mounts the frame again and gets fresh segments.
test('frame.html answered 502 once: the next call mounts the frame again and gets fresh segments', async ({ openLab, page }) => {
  let failed = 0;
  await page.route('**/frame.html*', (route) => (failed++ === 0 ? route.fulfill({ status: 502, contentType: 'text/html', body: 'bad gateway' }) : route.continue()));
  const lab = await openLab({
    calls: `
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 8000 }).then(function (r) {
        report('first ' + r.status);
        audienceRelay('signals', { c_section: 'news' });
        audienceRelay('ready', { timeoutMs: 8000 }).then(function (r) {
          report('next ' + r.status + ' ' + (r.error ? r.error.code : '-') + ' ' + r.segments.join(','));
        });
      });`,
  });
  expect(await lab.reported(/^first /)).toBe('first blocked');
  expect(await lab.reported(/^next /)).toMatch(/^next fresh /);
  expect(failed).toBeGreaterThan(1);
  expect(lab.ourErrors()).toEqual([]);
});
