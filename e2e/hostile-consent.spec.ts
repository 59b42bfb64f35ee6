// CMPs that lie in the shape of their answers. A CMP calls our listener from its own code,
// later (the IAB stub queues the call until the CMP loads): whatever our listener throws then
// is thrown into the page, inside the CMP's task. Reading the CMP's answer is reading page
// input, which may throw (a getter, a Proxy trap), as SECURITY.md says of the page's calls.
// Fixed: the answer is read inside safely(). It failed before: consent/consent.ts read tcData (own(data, 'purpose'),
// own(own(data, 'purpose'), 'consents'), …) and GPP pingData inside the callback it hands the
// CMP; `ask` wraps only the synchronous `call(...)` in safely(), so an answer delivered later
// that throws when read escapes as an uncaught error on the page (measured on main:
// "Error: tcData.purpose unreadable" and "Error: pingData unreadable" as page errors).
import { expect } from './fixtures';
import { test } from './hostile-lab';

const CASES = [
  {
    name: 'a TCF CMP whose tcData.purpose getter throws, answered in a later task',
    hostile: `window.__tcfapi = function (command, version, callback) {
      if (command !== 'addEventListener') return;
      setTimeout(function () {
        var data = { eventStatus: 'tcloaded', gdprApplies: true, tcString: 'CP', listenerId: 1, vendor: { consents: {} } };
        Object.defineProperty(data, 'purpose', { enumerable: true, get: function () { throw new Error('tcData.purpose unreadable'); } });
        callback(data, true);
      }, 20);
    };`,
  },
  {
    name: 'a GPP CMP whose pingData is a Proxy that throws, answered in a later task',
    hostile: `window.__gpp = function (command, callback) {
      if (command !== 'addEventListener') return;
      setTimeout(function () {
        callback({ listenerId: 1, eventName: 'signalStatus', data: 'ready', pingData: new Proxy({}, { getOwnPropertyDescriptor: function () { throw new Error('pingData unreadable'); }, get: function () { throw new Error('pingData unreadable'); } }) }, true);
      }, 20);
    };`,
  },
];

for (const { name, hostile } of CASES) {
  test(`${name}: nothing of ours is thrown into the page, and ready settles`, async ({ openLab }) => {
    const lab = await openLab({ hostile, config: { consent: { timeoutMs: 500 } } });
    await lab.reported(/^ready /);
    await lab.reported('done');
    expect(lab.ourErrors()).toEqual([]);
  });
}
