// "Nothing taken from the host page after start-up", for the handshake: the frame's `hello`
// comes after the tag started (always on a first view; again whenever the frame reloads), and
// the tag's bridge-client.ts then reads `frame.contentWindow` through the page's current
// HTMLIFrameElement.prototype accessor (browser-bridge.ts `frameWindow`) and builds the port
// with the page's current `window.MessageChannel`. A page (a polyfill, an "iframe guard"
// library wrapping frames, a broken patch) that replaced either after the tag started leaves
// the frame unconnected: every call then settles `blocked` at the connect deadline, though
// the frame loaded and said hello. dom.ts already takes the other DOM accessors at start.
// Fixed: packages/tag/src/bridge/browser-bridge.ts and bridge-client.ts take the
// contentWindow getter (dom.ts) and MessageChannel (platform.ts) once, at start.
import { expect } from './fixtures';
import { test } from './hostile-lab';

const thrower = (what: string): string => `function () { throw new Error('page-owned: patched by the page: ${what}'); }`;

// [name, patch, fails today]
const CASES: Array<[string, string, boolean]> = [
  ['control: nothing patched', '', false],
  // main: 'ready blocked CONNECTION_TIMEOUT'.
  ['HTMLIFrameElement.prototype.contentWindow getter throws', `Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', { get: ${thrower('contentWindow')}, configurable: true });`, false],
  // main: 'ready blocked CONNECTION_TIMEOUT'.
  ['window.MessageChannel throws', `window.MessageChannel = ${thrower('MessageChannel')};`, false],
];

for (const [name, patch, fails] of CASES) {
  test(`after start, before the frame's hello: ${name}: the frame still connects`, async ({ openLab, page }) => {
    test.fail(fails);
    let patched = false;
    // The frame answers once the page has patched (after the tag started).
    await page.route('**/frame.html*', async (route) => {
      await expect.poll(() => patched, { timeout: 10000 }).toBe(true);
      await route.continue();
    });
    page.on('console', (m) => m.text() === 'lab: patched' && (patched = true));
    const lab = await openLab({
      waitUntil: 'domcontentloaded',
      calls: `
        (function wait() {
          // The tag has started: it replaced the snippet's function with its own.
          if (!window.audienceRelay || window.audienceRelay.loaded !== true) return setTimeout(wait, 10);
          ${patch}
          report('patched');
        })();
        audienceRelay('signals', { c_section: 'sports' });
        audienceRelay('ready', { timeoutMs: 8000 }).then(function (r) {
          report('ready ' + r.status + ' ' + (r.error ? r.error.code : '-') + ' ' + r.segments.join(','));
        });`,
    });
    const ready = await lab.reported(/^ready /);
    expect(ready).toMatch(/^ready fresh - 5001/);
    expect(lab.ourErrors()).toEqual([]);
  });
}
