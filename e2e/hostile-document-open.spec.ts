// The page replaces its document after the tag started: `document.open(); document.write(…);
// document.close()` (an old-style page transition, an A/B-testing tool that rewrites the page,
// an ad's late document.write). The window and its globals survive, so the page's new markup
// keeps calling `audienceRelay`; but document.open erases every event listener of the document,
// its nodes AND its window (HTML: "erase all event listeners and handlers given document's
// relevant global object"), and removes our iframe with the old nodes.
import { expect } from './fixtures';
import { test } from './hostile-lab';

const calls = `
  audienceRelay('signals', { c_section: 'sports' });
  audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
    report('first ' + r.status);
    setTimeout(function () {
      var html = '<!doctype html><title>rewritten</title><body><p>new content</p><scr' + 'ipt>' +
        'audienceRelay("signals", { c_after: "rewrite" });' +
        'audienceRelay("ready", { timeoutMs: 8000 }).then(function (r) { report("after rewrite " + r.status + " " + (r.error ? r.error.code : "-")); },' +
        ' function (e) { report("after rewrite rejected " + e); });' +
        '</scr' + 'ipt></body>';
      document.open(); document.write(html); document.close();
    }, 50);
  });`;

test('after document.open/write replaced the page, the next call reaches the DCS', async ({ openLab, sites }) => {
  const lab = await openLab({ calls });
  await lab.reported(/^first fresh/);
  const after = await lab.reported(/^after rewrite /);
  expect(after).toBe('after rewrite fresh -');
  expect(sites.dcs.requests().some((r) => r.signals.c_after?.[0] === 'rewrite')).toBe(true);
  expect(lab.ourErrors()).toEqual([]);
});
