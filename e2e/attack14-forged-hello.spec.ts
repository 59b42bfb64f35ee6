// attack14: a script of the page forges the DCS frame's `hello` and cuts the tag off its frame.
//
// bridge-client.ts accepts a hello when `sourceOf(event)` is the frame's window and
// `originOf(event)` the frame's origin: through the accessors taken at start
// (message-accessors.ts), which on a synthetic MessageEvent return what its init dictionary
// said (and, on a plain Event, through the fallback, its own properties). `isTrusted` is never
// read. Any script of the page (a later library, an ad script running in the page) can
// `window.dispatchEvent(new MessageEvent('message', { source: ourIframe.contentWindow, origin:
// <frame origin>, data: hello }))`: the tag takes it as "the frame reloaded", drops its working
// port and posts a second connect, which the real frame ignores (bridge-server.ts accepts only
// its first). Every later call waits for a frame that will never connect again.
//
// Fixed: the hello counts only if the browser delivered it (`event.isTrusted`, an own property
// of every event that no page can redefine; false on what a script dispatches).
import { expect } from './fixtures';
import { test } from './hostile-lab';

for (const kind of ['MessageEvent', 'Event with own properties (the fallback path)']) {
  test(`a forged hello (${kind}) after the tag connected: later calls still reach the DCS`, async ({ openLab, sites }) => {
    const forge = kind === 'MessageEvent'
      ? `window.dispatchEvent(new MessageEvent('message', { data: hello, origin: origin, source: frame.contentWindow }));`
      : `var e = new Event('message'); Object.defineProperty(e, 'data', { value: hello }); Object.defineProperty(e, 'origin', { value: origin }); Object.defineProperty(e, 'source', { value: frame.contentWindow }); window.dispatchEvent(e);`;
    const lab = await openLab({
      calls: `
        audienceRelay('signals', { c_section: 'sports' });
        audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
          report('first ' + r.status);
          var frame = [].slice.call(document.querySelectorAll('iframe')).filter(function (f) { return /frame\\.html/.test(f.src); })[0];
          var origin = new URL(frame.src).origin;
          var hello = { ns: 'audience-relay', type: 'hello', versions: { min: 1, max: 2 } };
          ${forge}
          setTimeout(function () {
            audienceRelay('signals', { c_after: 'forged' });
            audienceRelay('ready', { timeoutMs: 6000 }).then(function (r) {
              report('second ' + r.status + ' ' + (r.error ? r.error.code : '-'));
            });
          }, 100);
        });`,
    });
    await lab.reported(/^first fresh/);
    const second = await lab.reported(/^second /);
    const after = sites.dcs.requests().filter((r) => r.signals.c_after?.[0] === 'forged');
    expect.soft(after, 'the later call reaches the DCS').toHaveLength(1);
    expect(second).toBe('second fresh -');
  });
}
