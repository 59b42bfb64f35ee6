// @vitest-environment happy-dom
// The bridge on a page that broke the platform it uses: no `MessageChannel`, a throwing
// `setAttribute`. The handshake then cannot happen; the console says why, nothing is thrown
// into the page (from a listener or a timer), and the connect deadline settles the calls.
import { NAMESPACE, SUPPORTED_VERSIONS } from '@audience-relay/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startBridgeClient } from '../../src/bridge/bridge-client';
import { browserBridge } from '../../src/bridge/browser-bridge';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the bridge on a broken page', () => {
  it("without MessageChannel: the frame's hello gets a console line, not an exception", async () => {
    // Missing when the tag started (it takes MessageChannel then: platform.ts).
    vi.stubGlobal('MessageChannel', undefined);
    vi.resetModules();
    const { startBridgeClient } = await import('../../src/bridge/bridge-client');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const frame = { postMessage: vi.fn() };
    let listener: ((event: MessageEvent) => void) | undefined;
    const handlers = { onConnect: vi.fn(), onFail: vi.fn(), onOpen: vi.fn() };
    startBridgeClient({
      win: { addEventListener: (_type, l) => (listener = l), removeEventListener: () => {} },
      frameWindow: () => frame,
      frameOrigin: 'https://dcs.example',
      partner: 'acme',
      versions: SUPPORTED_VERSIONS,
      ...handlers,
    });
    const hello = { ns: NAMESPACE, type: 'hello', versions: SUPPORTED_VERSIONS };
    expect(() => listener!({ isTrusted: true, source: frame, origin: 'https://dcs.example', data: hello } as unknown as MessageEvent)).not.toThrow();
    expect(String(error.mock.calls[0])).toMatch(/audience-relay.*MessageChannel/);
    expect(frame.postMessage).not.toHaveBeenCalled();
    expect(handlers.onOpen).not.toHaveBeenCalled();
  });

  it('with a throwing setAttribute: no frame, a console line, nothing thrown from the mount timer', () => {
    vi.useFakeTimers();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const setAttribute = vi.spyOn(Element.prototype, 'setAttribute').mockImplementation(() => {
      throw new Error('setAttribute patched by the page');
    });
    const mounted = browserBridge(window, 'acme', 'https://dcs.example/frame.html').connect({ onConnect: vi.fn(), onFail: vi.fn() });
    expect(() => vi.runAllTimers()).not.toThrow();
    expect(String(error.mock.calls[0])).toMatch(/audience-relay.*setAttribute patched by the page/);
    setAttribute.mockRestore();
    expect(document.querySelector('iframe')).toBeNull();
    mounted.stop();
  });
});
