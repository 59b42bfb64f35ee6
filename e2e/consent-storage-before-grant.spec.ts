// What the tag reads and writes of the visitor's device before consent is granted, against what
// docs/consent.md ("The gate") promises: storage keys it names as `localStorage['…']` are the
// only reads allowed; no write, no cookie access at all. (attack5: the doc said "reads and
// writes no storage" while the tag reads its opt-out marker at start; the doc now names it.)
// The CMP here shows its banner and never answers, so consent stays unknown for the whole page.
import { readFileSync } from 'node:fs';
import { expect } from './fixtures';
import { test } from './hostile-lab';

/** The `localStorage['…']` keys the gate section of consent.md allows to be read, for partner acme. */
function documentedReads(): string[] {
  const doc = readFileSync(new URL('../docs/consent.md', import.meta.url), 'utf8');
  const gate = doc.slice(doc.indexOf('## The gate'), doc.indexOf('\n## ', doc.indexOf('## The gate') + 1));
  return [...gate.matchAll(/localStorage\['([^']+)'\]/g)].map((m) => m[1]!.replace('<partner>', 'acme'));
}

test("before a grant the tag touches only the storage consent.md names: reads of it, no write, no cookie", async ({ openLab }) => {
  const lab = await openLab({
    // Recorded through the prototypes the tag itself uses (it captures them as it starts).
    hostile: `
      window.__touched = [];
      ['getItem', 'setItem', 'removeItem', 'key', 'clear'].forEach(function (m) {
        var own = Storage.prototype[m];
        Storage.prototype[m] = function (k) { __touched.push(m + ' ' + k); return own.apply(this, arguments); };
      });
      var cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
      Object.defineProperty(Document.prototype, 'cookie', { configurable: true,
        get: function () { __touched.push('cookie read'); return cookie.get.call(this); },
        set: function (v) { __touched.push('cookie write'); cookie.set.call(this, v); } });
      // A TCF CMP whose banner is showing: it answers, but never with a decision.
      window.__tcfapi = function (command, version, callback) {
        if (command === 'addEventListener') callback({ listenerId: 1, eventStatus: 'cmpuishown', gdprApplies: true, tcString: '' }, true);
      };`,
    config: { consent: { timeoutMs: 1000 }, outputs: { gpt: { key: 'aud' }, cookie: { name: 'lab_seg' } } },
    calls: `
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ids', { dpid: 21, dpuuid: 'crm-1' });
      audienceRelay('ready', { timeoutMs: 2000 }).then(function (r) {
        // The tasks the tag queued as it settled have run by the next one.
        setTimeout(function () { report('ready ' + r.status + ' | ' + __touched.join(', ')); });
      });`,
  });
  const line = await lab.reported(/^ready /);
  const [status, touched] = line.split(' | ') as [string, string];
  expect(status).toBe('ready no-consent');
  const allowed = documentedReads();
  expect(touched.split(', ').filter(Boolean)).toEqual(allowed.map((key) => `getItem ${key}`));
});
