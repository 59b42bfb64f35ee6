// Patched or missing platform features, each on its own page, changed before the snippet runs.
// The tag either works (fresh segments) or fails closed: `ready` settles with a typed status,
// the console says why, and nothing of ours is thrown into the page.
import { expect } from './fixtures';
import { test } from './hostile-lab';

// A patched built-in's error that reaches the page went through our code: it counts as ours.
const thrower = (what: string): string => `function () { throw new Error('patched by the page: ${what}'); }`;

interface Case {
  name: string;
  hostile: string;
  /** What `ready` reports (`ready <status> <code> <segments>`). */
  ready: RegExp;
  /** What the console says when the tag fails closed. */
  console?: RegExp;
}

const CASES: Case[] = [
  { name: 'JSON.stringify throws', hostile: `JSON.stringify = ${thrower('JSON.stringify')};`, ready: /^ready fresh - 5001(,5005)?$/ },
  { name: 'JSON.stringify returns junk, JSON.parse throws', hostile: `JSON.stringify = function () { return '{"junk":'; }; JSON.parse = ${thrower('JSON.parse')};`, ready: /^ready fresh - 5001(,5005)?$/ },
  { name: 'MessageChannel missing', hostile: 'delete window.MessageChannel;', ready: /^ready (blocked|timeout|error) [A-Z_]+ $/, console: /MessageChannel/ },
  { name: 'MessageChannel throws', hostile: `window.MessageChannel = ${thrower('new MessageChannel')};`, ready: /^ready (blocked|timeout|error) [A-Z_]+ $/, console: /MessageChannel/ },
  // The call's error says why (the console does not: the relay reports a failed call by its result).
  { name: 'MessagePort.prototype.postMessage throws', hostile: `MessagePort.prototype.postMessage = ${thrower('port.postMessage')};`, ready: /^ready error BAD_REQUEST $/ },
  { name: 'window.postMessage patched', hostile: `window.postMessage = ${thrower('window.postMessage')};`, ready: /^ready fresh - 5001(,5005)?$/ },
  { name: 'Promise.prototype.finally deleted', hostile: 'delete Promise.prototype.finally;', ready: /^ready fresh - 5001(,5005)?$/ },
  { name: 'Promise.prototype.catch and finally deleted', hostile: 'delete Promise.prototype.catch; delete Promise.prototype.finally;', ready: /^ready fresh - 5001(,5005)?$/ },
  // On iframes only: the snippet's own script element is not this test's concern.
  { name: 'setAttribute throws on iframes', hostile: `HTMLIFrameElement.prototype.setAttribute = ${thrower('setAttribute')};`, ready: /^ready (blocked|timeout) [A-Z_]+ $/, console: /setAttribute/ },
  {
    name: 'Element.prototype.setAttribute throws',
    hostile: `Element.prototype.setAttribute = ${thrower('setAttribute')};`,
    ready: /^ready (blocked|timeout) [A-Z_]+ $/,
    console: /audience-relay/,
  },
  { name: 'structuredClone missing', hostile: 'delete window.structuredClone;', ready: /^ready fresh - 5001(,5005)?$/ },
  // No way left to copy the results: the calls still settle, with their status.
  { name: 'structuredClone missing and JSON.stringify throws', hostile: `delete window.structuredClone; JSON.stringify = ${thrower('JSON.stringify')};`, ready: /^ready (fresh|error) [-A-Z_]+ (5001)?$/ },
  { name: 'queueMicrotask missing', hostile: 'delete window.queueMicrotask;', ready: /^ready fresh - 5001(,5005)?$/ },
  // Built-ins a line of the tag's modules uses as the script evaluates, outside any try of
  // its own: the build's try around the whole script says why on the console (session l:
  // the TypeError was thrown into the page).
  { name: 'JSON removed (window.JSON = undefined)', hostile: 'window.JSON = undefined;', ready: /^ready blocked TAG_BLOCKED $/, console: /\[audience-relay\] the tag failed to start: TypeError/ },
  { name: 'WeakMap removed (window.WeakMap = undefined)', hostile: 'window.WeakMap = undefined;', ready: /^ready blocked TAG_BLOCKED $/, console: /\[audience-relay\] the tag failed to start: TypeError/ },
  // No URL parser to check the DCS origin with: the config is refused (`invalid config: dcs`);
  // before session l the tag died as it started (`blocked`).
  {
    name: 'URL deleted',
    hostile: 'delete window.URL;',
    ready: /^ready (blocked|timeout) [A-Z_]+ $/,
    console: /audience-relay/,
  },
  {
    name: 'URL throws',
    hostile: `window.URL = ${thrower('new URL')};`,
    ready: /^ready (blocked|timeout) [A-Z_]+ $/,
    console: /audience-relay/,
  },
];

for (const { name, hostile, ready, console } of CASES) {
  test(`${name}: ready settles (${ready.source}), nothing of ours reaches the page`, async ({ openLab }) => {
    const lab = await openLab({ hostile });
    await lab.reported(ready);
    await lab.reported('done');
    if (console) expect(lab.console.join('\n')).toMatch(console);
    expect(lab.ourErrors()).toEqual([]);
  });
}
