import { SUPPORTED_VERSIONS } from '@audience-relay/protocol';
import type { BridgeConnector } from '../services';
import { startBridgeClient } from './bridge-client';
import { mountFrame } from './mount-frame';

/** Connects through a real iframe on the DCS origin. */
export function browserBridge(win: Window, partner: string, dcsOrigin: string): BridgeConnector {
  return {
    connect(handlers, bootCall) {
      let frame: HTMLIFrameElement | null = null;
      // Listen before the frame exists, so its first `hello` cannot be missed.
      const client = startBridgeClient({
        win,
        frameWindow: () => frame?.contentWindow ?? null,
        frameOrigin: dcsOrigin,
        partner,
        versions: SUPPORTED_VERSIONS,
        onConnect: handlers.onConnect,
        onFail: handlers.onFail,
        ...(handlers.onLost ? { onLost: handlers.onLost } : {}),
        ...(handlers.onOpen ? { onOpen: handlers.onOpen } : {}),
      });
      // Inserting a cross-site iframe waits on the browser (it creates the frame's process
      // host): ~5-40 ms on a busy machine. It gets a task of its own, so it never joins the
      // tag's evaluation in one long task.
      const mounting = setTimeout(() => {
        frame = mountFrame(win.document, `${dcsOrigin}/frame.html${bootCall ? `#${bootCall}` : ''}`);
      });
      return {
        stop() {
          clearTimeout(mounting);
          client.stop();
          frame?.remove();
          frame = null;
        },
      };
    },
  };
}
