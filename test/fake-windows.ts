import { vi } from 'vitest';
import { SUPPORTED_VERSIONS, type Caller, type RelayError } from '@audience-relay/protocol';
import { startBridgeClient, type FrameTarget, type HostWindow } from '../packages/tag/src/bridge/bridge-client';

/**
 * Two windows, a page and the iframe it embeds, that talk by `postMessage` as browsers do:
 * asynchronous delivery, structured-clone copies, `targetOrigin` filtering, and
 * `event.source` set to the receiver's view of the sender.
 */
export interface FakeWindow {
  origin: string;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** Posts to this window as if `from` (seen by this window as `source`) sent it. */
  deliver(data: unknown, from: { origin: string; source: unknown }, targetOrigin: string, ports?: MessagePort[]): void;
}

export function fakeWindow(origin: string): FakeWindow {
  const listeners = new Set<(event: MessageEvent) => void>();
  return {
    origin,
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
    deliver(data, from, targetOrigin, ports = []) {
      if (targetOrigin !== '*' && targetOrigin !== origin) return;
      const copy = structuredClone(data);
      setTimeout(() => {
        for (const listener of [...listeners]) {
          // Delivered by the browser: `isTrusted` (the tag ignores a message a script dispatched).
          listener({ isTrusted: true, data: copy, origin: from.origin, source: from.source, ports } as unknown as MessageEvent);
        }
      }, 0);
    },
  };
}

/** A page window embedding a frame window; returns each side's view of the other. */
export function embed(page: FakeWindow, frame: FakeWindow) {
  const views = {
    /** The page's `iframe.contentWindow`. */
    frameSeenByPage: {
      postMessage: (data: unknown, targetOrigin: string, transfer: Transferable[] = []) =>
        frame.deliver(data, { origin: page.origin, source: views.pageSeenByFrame }, targetOrigin, transfer as MessagePort[]),
    },
    /** The frame's `window.parent`. */
    pageSeenByFrame: {
      postMessage: (data: unknown, targetOrigin: string) =>
        page.deliver(data, { origin: frame.origin, source: views.frameSeenByPage }, targetOrigin),
    },
  };
  return views;
}

/** The tag's bridge client for `partner: 'acme'` on `win`, talking to `frame` at `frameOrigin`, with spy callbacks. */
export function testClient(win: HostWindow, frame: FrameTarget, frameOrigin: string) {
  const onConnect = vi.fn<(caller: Caller, version: number) => void>();
  const onFail = vi.fn<(error: RelayError) => void>();
  const onOpen = vi.fn<(caller: Caller, version: number) => void>();
  const client = startBridgeClient({ win, frameWindow: () => frame, frameOrigin, partner: 'acme', versions: SUPPORTED_VERSIONS, onConnect, onFail, onOpen });
  return { client, onConnect, onFail, onOpen };
}
