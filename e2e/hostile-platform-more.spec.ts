// attack5: more platform features a real page lacks or breaks before the snippet runs (beyond
// hostile-platform.spec.ts), each on its own page. These held on main 524a4da (of 77 members
// tried, the four that did not are in hostile-snippet-intrinsics.spec.ts): the tag works, or
// fails closed with a status, and nothing of ours is thrown into the page.
import { expect } from './fixtures';
import { PAGE_OWNED, test } from './hostile-lab';

const thrower = (what: string): string => `function () { throw new Error('${PAGE_OWNED}: ${what}'); }`;
const getterThrows = (target: string, prop: string): string => `Object.defineProperty(${target}, '${prop}', { configurable: true, get: ${thrower(prop)} });`;
const FRESH = /^ready fresh - 5001(,5005)?$/;

const CASES: Array<{ name: string; hostile: string; ready: RegExp }> = [
  // Safari's private windows before 11, and sandboxed documents: session storage throws.
  { name: 'sessionStorage throws', hostile: getterThrows('window', 'sessionStorage'), ready: FRESH },
  // An http page: crypto.randomUUID is missing there; a page may also break crypto.
  { name: 'crypto throws', hostile: getterThrows('window', 'crypto'), ready: FRESH },
  { name: 'requestIdleCallback missing (Safari)', hostile: 'delete window.requestIdleCallback;', ready: FRESH },
  { name: 'navigator.sendBeacon missing', hostile: 'delete Navigator.prototype.sendBeacon;', ready: FRESH },
  { name: 'CustomEvent constructor throws (an old polyfill)', hostile: `window.CustomEvent = ${thrower('CustomEvent')};`, ready: FRESH },
  { name: 'Promise.prototype.then wrapped (zone.js)', hostile: 'var t = Promise.prototype.then; Promise.prototype.then = function (a, b) { return t.call(this, a && function (v) { return a(v); }, b && function (e) { return b(e); }); };', ready: FRESH },
  { name: 'Object.prototype setters that throw for every name our results use', hostile: `['status','segments','traits','uuid','identity','cached','error','code','message','type','id','params','result','signals','ids','url','privacy','cookies','source','partitioned','ns','version','partner'].forEach(function (k) { Object.defineProperty(Object.prototype, k, { configurable: true, set: ${thrower('Object.prototype setter')} }); });`, ready: FRESH },
  // Fails closed: without the message event's fields the handshake cannot be checked.
  { name: 'MessageEvent.prototype.source getter throws', hostile: getterThrows('MessageEvent.prototype', 'source'), ready: /^ready (timeout|blocked) [A-Z_]+ $/ },
];

for (const { name, hostile, ready } of CASES) {
  test(`${name}: ready settles (${ready.source}), nothing of ours reaches the page`, async ({ openLab }) => {
    const lab = await openLab({ hostile, config: { outputs: { gpt: { key: 'aud' }, cookie: { name: 'lab_seg' }, domEvent: true } } });
    await lab.reported(ready);
    await lab.reported('done');
    expect(lab.ourErrors()).toEqual([]);
  });
}
