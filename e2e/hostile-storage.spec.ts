// A document whose cookie jar and storage throw, as in an opaque-origin document (an iframe
// sandboxed without allow-same-origin: document.cookie and localStorage throw SecurityError),
// set before the snippet runs. Cookies and storage are optional for the tag (no device-ID
// copy, no cache): it must still work, or fail closed with a typed status; nothing thrown.
// FAILS on main for document.cookie: relay.ts reads the opt-out marker at creation
// (optOutStore.read() -> cookie.ts readCookies, unguarded), so `config` itself throws the
// page's SecurityError and ready settles `timeout NOT_CONFIGURED`, as if config never came.
// The frame treats an unreadable cookie jar as an empty one (frame handle-event.ts); the tag
// does not. (In a real opaque-origin document the frame then refuses the origin "null", so
// the right outcome there is `blocked`, not a config error.)
import { expect } from './fixtures';
import { test } from './hostile-lab';

const securityError = "function () { throw new DOMException('page-owned: the document is sandboxed', 'SecurityError'); }";

const CASES = [
  {
    name: 'document.cookie throws SecurityError (read and write)',
    hostile: `Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: ${securityError}, set: ${securityError} });`,
  },
  {
    name: 'localStorage throws SecurityError',
    hostile: `Object.defineProperty(window, 'localStorage', { configurable: true, get: ${securityError} });`,
  },
  {
    name: 'document.cookie and localStorage both throw SecurityError',
    hostile: `Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: ${securityError}, set: ${securityError} });
      Object.defineProperty(window, 'localStorage', { configurable: true, get: ${securityError} });`,
  },
];

for (const { name, hostile } of CASES) {
  test(`${name}: ready settles fresh, nothing of ours reaches the page`, async ({ openLab }) => {
    const lab = await openLab({ hostile, config: { outputs: { cookie: { name: 'lab_seg' } } } });
    await lab.reported(/^ready fresh - 5001(,5005)?$/);
    await lab.reported('done');
    expect(lab.allErrors).toEqual([]);
  });
}
