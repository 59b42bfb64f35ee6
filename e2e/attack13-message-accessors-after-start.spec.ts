// attack13: "nothing taken from the host page after start-up", for the message channel itself.
// hostile-after-start-handshake.spec.ts made the tag take the iframe's contentWindow accessor and
// MessageChannel at start; but the handshake still reads the frame's hello through the page's
// CURRENT MessageEvent.prototype accessors (bridge-client.ts: `event.source`, `event.origin`,
// `event.data`), and every event call goes out through the page's CURRENT
// MessagePort.prototype.postMessage (protocol/src/messenger.ts `port.postMessage`). A page (a
// library loaded later, an instrumentation wrapper, a hostile script) that replaced one of them
// after the tag started leaves the frame unconnected (every call settles `blocked` at the
// connect deadline, though the frame loaded and said hello) or makes every later event call
// fail (`error`), though the DCS and the frame work.
import { expect } from './fixtures';
import { test } from './hostile-lab';

const thrower = (what: string): string => `function () { throw new Error('page-owned: patched by the page: ${what}'); }`;
const getter = (name: string): string => `Object.defineProperty(MessageEvent.prototype, '${name}', { get: ${thrower(`MessageEvent.prototype.${name}`)}, configurable: true });`;

// Before the frame's hello: main reports 'ready blocked CONNECTION_TIMEOUT' for each (the control passes).
for (const name of ['control: nothing patched', 'origin', 'source', 'data']) {
  const what = name.startsWith('control') ? name : `MessageEvent.prototype.${name} getter throws`;
  test(`after start, before the frame's hello: ${what}: the frame still connects`, async ({ openLab, page }) => {
    let patched = false;
    await page.route('**/frame.html*', async (route) => {
      await expect.poll(() => patched, { timeout: 10000 }).toBe(true);
      await route.continue();
    });
    page.on('console', (m) => m.text() === 'lab: patched' && (patched = true));
    const lab = await openLab({
      waitUntil: 'domcontentloaded',
      config: { connectTimeoutMs: 4000 },
      calls: `
        (function wait() {
          if (!window.audienceRelay || window.audienceRelay.loaded !== true) return setTimeout(wait, 10);
          ${name.startsWith('control') ? '' : getter(name)}
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

// After the first answer: main reports 'second error BAD_REQUEST' and the signal never reaches the DCS.
test('after start: MessagePort.prototype.postMessage throws: the next call still reaches the DCS', async ({ openLab, sites }) => {
  const lab = await openLab({
    calls: `
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('first ' + r.status);
        setTimeout(function () {
          MessagePort.prototype.postMessage = ${thrower('MessagePort.prototype.postMessage')};
          audienceRelay('signals', { c_after: 'patched' });
          audienceRelay('ready', { timeoutMs: 4000 }).then(function (r) {
            report('second ' + r.status + ' ' + (r.error ? r.error.code : '-'));
          });
        }, 50);
      });`,
  });
  await lab.reported(/^first fresh/);
  const second = await lab.reported(/^second /);
  expect(second).toBe('second fresh -');
  await expect.poll(() => sites.dcs.requests().some((r) => r.signals.c_after?.[0] === 'patched'), { timeout: 5000 }).toBe(true);
  expect(lab.ourErrors()).toEqual([]);
});
