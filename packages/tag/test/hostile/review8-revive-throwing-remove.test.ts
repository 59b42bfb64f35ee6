// @vitest-environment happy-dom
// review8: revive() now runs on every call the page makes after a connect deadline passed
// (event-calls.ts add), and its stop() removes the old frame through the page's own
// `Element.prototype.remove` (browser-bridge.ts `frame?.remove()`), outside any `safely`. A page
// that replaced `remove` since (a hostile script; an old polyfill that throws on detached or
// foreign nodes) gets our TypeError thrown out of relay.signals() at every call, and the
// connection is left half stopped (mounted kept, failure kept): the calls never go.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRelay } from '../../src/relay';
import { browserBridge } from '../../src/bridge/browser-bridge';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('review8: revive on a page whose Element.prototype.remove throws', () => {
  // Fixed (session i) in packages/tag/src/bridge/browser-bridge.ts stop() (safely around remove, or the remove taken at start) / connection.ts revive; expected: signals() throws nothing into the page
  it('a call after the connect deadline throws nothing into the page', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const relay = createRelay(
      { partner: 'acme', dcs: 'http://127.0.0.1:47499', timeoutMs: 2000, connectTimeoutMs: 50 },
      { bridge: (config) => browserBridge(window, 'acme', config.frameUrl) },
    );
    await expect(relay.ready()).resolves.toMatchObject({ status: 'blocked', error: { code: 'CONNECTION_TIMEOUT' } });
    // The frame that never loaded goes back in, in a task of its own, to load again (`stalled`).
    await new Promise((resolve) => setTimeout(resolve));
    expect(document.querySelector('iframe')).not.toBeNull();
    vi.spyOn(Element.prototype, 'remove').mockImplementation(() => {
      throw new TypeError('remove patched by the page');
    });
    expect(() => relay.signals({ c_after: 'x' })).not.toThrow();
  });
});
