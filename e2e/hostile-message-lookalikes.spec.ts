// The message channel against other windows of the page, all at once and for the whole life of
// the connection (before the handshake, during it, after it): a sandboxed (null-origin) ad frame,
// a frame nested in it, and a popup the page opened (same origin as the page, so with the page's
// privileges, but not the DCS frame's parent) post look-alike messages: `hello` to the page
// (plain, with an own `__proto__` key from JSON.parse, cyclic, 1 MB), and `connect` with a port of
// their own to every frame of the page, the DCS frame included. None of them may connect: their
// ports get nothing, the page's own calls still reach the DCS once each, nothing is thrown.
// (Coverage for the class; passes.)
import { expect } from './fixtures';
import { test } from './hostile-lab';

/** The intruder's code, run in each hostile window (`label` names it in the reports). */
const intruder = (label: string, topExpr: string, sayExpr = 'console.log'): string => `
  (function () {
    var top_ = ${topExpr}, n = 0, ports = [], most = 0;
    var say = function (t) { ${sayExpr}('lab: ${label} ' + t); };
    var hello = { ns: 'audience-relay', type: 'hello', versions: { min: 1, max: 2 } };
    var polluted = JSON.parse('{"ns":"audience-relay","type":"hello","versions":{"min":1,"max":2},"__proto__":{"type":"hello"}}');
    var cyclic = { ns: 'audience-relay', type: 'hello', versions: { min: 1, max: 2 } }; cyclic.self = cyclic;
    var huge = { ns: 'audience-relay', type: 'hello', versions: { min: 1, max: 2 }, pad: new Array(1 << 20).join('x') };
    function flood() {
      most = Math.max(most, top_.frames.length);
      for (var i = 0; i < top_.frames.length; i++) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (e) { say('got ' + JSON.stringify(e.data).slice(0, 80)); };
        ports.push(channel.port1);
        try { top_.frames[i].postMessage({ ns: 'audience-relay', type: 'connect', version: 2, partner: 'acme' }, '*', [channel.port2]); } catch (e) {}
      }
      [hello, polluted, cyclic].forEach(function (m) { try { top_.postMessage(m, '*'); } catch (e) {} });
      if (n % 20 === 0) try { top_.postMessage(huge, '*'); } catch (e) {}
      if (++n < 60) setTimeout(flood, 25); else setTimeout(function () { say('done, frames ' + most); }, 300);
    }
    flood();
  })();`;

const nested = `<iframe sandbox="allow-scripts" srcdoc="<script>${intruder('nested', 'top').replace(/"/g, '&quot;')}</script>"></iframe>`;
const adFrame = `<script>${intruder('ad', 'top')}</script>${nested}`;

test('look-alike hello and connect messages from a sandboxed ad frame, a frame in it and a popup: none connects, the page\'s calls go through once', async ({ openLab, sites }) => {
  const lab = await openLab({
    markup: `<iframe sandbox="allow-scripts" srcdoc="${adFrame.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></iframe>`,
    calls: `
      var popup = window.open('about:blank', 'intruder', 'popup');
      if (popup) { var s = popup.document.createElement('script'); s.textContent = ${JSON.stringify(intruder('popup', 'window.opener', 'window.opener.console.log'))}; popup.document.body.appendChild(s); }
      else report('popup blocked');
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('ready ' + r.status + ' ' + r.segments.join(','));
        // Later signals, while the intruders keep posting: answered once too.
        audienceRelay('signals', { c_later: 'yes' });
        audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) { report('later ' + r.status); });
      });`,
  });
  await lab.reported(/^ready fresh 5001/);
  await lab.reported('later fresh');
  // Each intruder saw the DCS frame among the page's frames (the ad frame and ours: 2 at least).
  for (const label of ['ad', 'nested', 'popup']) expect(await lab.reported(new RegExp(`^${label} done`))).toMatch(/frames [2-9]$/);
  expect(lab.reports.filter((r) => / got /.test(r))).toEqual([]);
  expect(lab.reports).not.toContain('popup blocked');
  // Our two calls, each once (the intruders' connects made no call of their own).
  const calls = sites.dcs.requests();
  expect(calls.filter((r) => r.signals.c_section?.[0] === 'sports')).toHaveLength(1);
  expect(calls.filter((r) => r.signals.c_later?.[0] === 'yes')).toHaveLength(1);
  expect(lab.ourErrors()).toEqual([]);
});
