// A page script that declares a global named like one of the window's replaceable attributes:
// `var parent = …` (a common variable name in old page scripts) replaces window.parent for
// every script of the page, ours included.
// Fixed: locatorHost takes top when parent is not a window. It failed before (measured): consent/cmp.ts locatorHost() walked
// `w = w.parent` looking for a CMP locator frame and ends on `w === w.parent`, outside its
// try: with window.parent an object or null the walk leaves the windows and throws
// "Cannot read properties of undefined (reading 'parent')" from config; ready settles
// `timeout NOT_CONFIGURED` and the tag never works on that page. A try around the test alone
// would turn a framed page's parent CMP into "no CMP" (consent granted): the last case
// checks that the page's real ancestors are still asked (the IAB stub stops at window.top,
// which no page can replace). Control, measured: the same framed page without `var parent`
// reports `framed no-consent NO_CONSENT`; with it, on main, `framed timeout NOT_CONFIGURED`.
import { readFileSync } from 'node:fs';
import { expect } from './fixtures';
import { test } from './hostile-lab';

const snippet = (): string => readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

for (const [name, hostile] of [
  ['var parent = an object', "var parent = { id: 'page-owned: the article the page called parent' };"],
  ['var parent = null', 'var parent = null;'],
] as const) {
  test(`a page with ${name}: fresh segments, nothing of ours thrown or logged`, async ({ openLab }) => {
    const lab = await openLab({ hostile });
    expect(await lab.reported(/^ready /)).toMatch(/^ready fresh - 5001/);
    expect(lab.console).toEqual([]);
    expect(lab.ourErrors()).toEqual([]);
  });
}

test('a framed page with var parent, under a parent whose CMP refuses: the parent CMP is still asked, no-consent, nothing sent', async ({ openLab, sites }) => {
  // The top page: a TCF CMP reached through its __tcfapiLocator frame (postMessage), refusing.
  const cmp = `
    var locator = document.createElement('iframe'); locator.name = '__tcfapiLocator'; locator.style.display = 'none';
    document.documentElement.appendChild(locator);
    addEventListener('message', function (event) {
      var call = event.data && event.data.__tcfapiCall;
      if (!call) return;
      var data = { tcString: 'CP', gdprApplies: true, eventStatus: 'tcloaded', listenerId: 1, purpose: { consents: {} }, vendor: { consents: {} } };
      event.source.postMessage({ __tcfapiReturn: { returnValue: data, success: true, callId: call.callId } }, '*');
    });
    addEventListener('message', function (e) { if (typeof e.data === 'string' && e.data.indexOf('rep:') === 0) report(e.data.slice(4)); });`;
  const inner = `<script>var parent = null; var report = function (t) { top.postMessage('rep:' + t, '*'); };</script><script data-src="${sites.dcs.url}/audience-relay.js">${snippet()}</script><script>
    audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', timeoutMs: 3000, consent: { timeoutMs: 1000 } });
    audienceRelay('signals', { c_section: 'framed' });
    audienceRelay('ready', { timeoutMs: 3000 }).then(function (r) { report('framed ' + r.status + ' ' + (r.error ? r.error.code : '-')); });
  </script>`;
  const lab = await openLab({
    hostile: cmp,
    markup: '<iframe id="child"></iframe>',
    config: { consent: { timeoutMs: 1000 } },
    calls: `document.getElementById('child').srcdoc = ${JSON.stringify(inner).replace(/<\//g, '<\\/')};`,
  });
  expect(await lab.reported(/^framed /)).toBe('framed no-consent NO_CONSENT');
  expect(sites.dcs.requests().filter((r) => r.signals.c_section?.[0] === 'framed')).toEqual([]);
});
