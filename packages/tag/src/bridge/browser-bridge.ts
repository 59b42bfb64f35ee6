import { SUPPORTED_VERSIONS, stopTimer } from '@audience-relay/protocol';
import type { BridgeConnector } from '../services';
import { startBridgeClient } from './bridge-client';
import { mountFrame } from './mount-frame';
import { bodyOf, contentWindowOf, isInDocument, isLoaded } from '../dom';
import { listen } from '../listen';
import { later } from '../platform';
import { safely } from '../safely';

/** Connects through a real iframe at `frameUrl`: on the DCS origin, or any static host. */
export function browserBridge(win: Window, partner: string, frameUrl: string, dcsOrigin?: string): BridgeConnector {
  // The handshake trusts the origin the frame is loaded from, which need not be the DCS's.
  const frameOrigin = new URL(frameUrl).origin;
  return {
    connect(handlers, bootCall) {
      let frame: HTMLIFrameElement | null = null;
      // The frame's loads, and the hellos its documents said (each before its own load): a
      // load with no hello of its own is a document that is not ours (the page blanked the
      // frame, `src = 'about:blank'`, or navigated it), whose port is dead.
      let loads = 0;
      let hellos = 0;
      // Listen before the frame exists, so its first `hello` cannot be missed.
      const client = startBridgeClient({
        win,
        frameWindow: () => (frame ? contentWindowOf(frame) : null),
        frameOrigin,
        partner,
        ...(dcsOrigin ? { dcsOrigin } : {}),
        versions: SUPPORTED_VERSIONS,
        onConnect: handlers.onConnect,
        onFail: handlers.onFail,
        ...(handlers.onLost ? { onLost: handlers.onLost } : {}),
        onOpen(caller, version) {
          hellos++;
          handlers.onOpen?.(caller, version);
        },
      });
      // Inserting a cross-site iframe waits on the browser (it creates the frame's process
      // host): ~5-40 ms on a busy machine. It gets a task of its own, so it never joins the
      // tag's evaluation in one long task.
      // A page that broke the DOM (a throwing `setAttribute`) gets no frame and a console
      // line; the connect deadline then settles every call.
      const mounting = later(() => {
        frame = mountFrame(win.document, `${frameUrl}${bootCall ? `#${bootCall}` : ''}`);
        listen(frame, 'load', () => loads++);
      });
      return {
        stop() {
          stopTimer(mounting);
          client.stop();
          // A page whose `Element.prototype.remove` throws: the frame stays, nothing thrown.
          safely(() => frame?.remove());
          frame = null;
        },
        // Out of the page's document, or a document not ours in it after we connected.
        gone: () => !!frame && (!isInDocument(frame) || (hellos > 0 && loads > hellos)),
        // Loaded, and no hello: an error page, or a request the page stopped (`window.stop()`).
        dead: () => loads > 0,
        // A frame request that stalled (a hung edge, a captive network) is made again: the frame
        // goes back in, in a task of its own, and loads again (unless a call mounted another
        // meanwhile). An iframe still loading holds its parent's `load` event: before the page
        // has loaded, it waits out of the page until then.
        stalled() {
          const pending = frame;
          if (loads || !pending) return;
          const again = (): unknown => later(() => frame === pending && bodyOf(win.document)?.appendChild(pending));
          // Listening first: the browser may fire the page's `load` within `remove()`.
          if (!isLoaded(win.document)) listen(win, 'load', again);
          else again();
          pending.remove();
        },
      };
    },
  };
}
