import {
  NAMESPACE,
  RelayError,
  createCaller,
  isConnected,
  isHello,
  isRefused,
  negotiateVersion,
  type Caller,
  type ConnectMessage,
  type VersionRange,
} from '@audience-relay/protocol';
import { NativeMessageChannel } from '../platform';
import { safely } from '../safely';
import { listen } from '../listen';
import { dataOf, originOf, portOf, sourceOf } from '../message-accessors';

export interface HostWindow {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface FrameTarget {
  postMessage(message: unknown, targetOrigin: string, transfer: Transferable[]): void;
}

export interface BridgeClientOptions {
  win: HostWindow;
  /** The iframe's `contentWindow`, read at message time: `event.source` must be this object. */
  frameWindow(): FrameTarget | null;
  /** The exact origin the frame must speak from. */
  frameOrigin: string;
  partner: string;
  /** The config's DCS origin, which the frame checks against the DCS it calls. */
  dcsOrigin?: string;
  versions: VersionRange;
  /** Called on every (re)connection with a caller bound to the new port. */
  onConnect(caller: Caller, version: number): void;
  /**
   * Called as soon as the port is offered, before the frame accepts it: requests sent now wait
   * on the port and reach the frame right after the handshake (one round trip saved). If the
   * frame refuses, they settle as `DESTROYED` and `onFail` follows.
   */
  onOpen?(caller: Caller, version: number): void;
  /** Called when a connected frame reloads: its port is gone until the next `onConnect`. */
  onLost?(): void;
  /** Called when the frame refuses or speaks no common version. */
  onFail(error: RelayError): void;
}

export interface BridgeClient {
  stop(): void;
}

/**
 * The tag's half of the handshake: waits for the frame's `hello`, then hands it a private
 * port. A `hello` counts only if `event.source` is our own iframe's window and
 * `event.origin` equals the frame origin exactly. A second `hello` (the frame reloaded)
 * replaces the connection; the old caller is destroyed so nothing is answered twice.
 */
export function startBridgeClient(options: BridgeClientOptions): BridgeClient {
  let current: { caller: Caller; port: ReturnType<typeof portOf> } | null = null;

  function drop(reason: string): void {
    if (!current) return;
    current.caller.destroy(reason);
    current.port.close();
    current = null;
  }

  // Each message is handled in `safely`: a page without a working `MessageChannel` (or whose
  // patched built-ins make a handler throw) gets a console line, never an exception; the
  // connect deadline settles the calls.
  const listener = (event: MessageEvent): void =>
    safely(() => {
      const target = options.frameWindow();
      // Only what the browser delivered (`isTrusted`, an own property no page can redefine): a
      // script of the page can dispatch a MessageEvent naming our frame as its source and origin,
      // and a "reload" it forged cut the tag off its frame for good (outside review attack14).
      // Then read through the accessors taken at start (message-accessors.ts).
      if (!target || (event as { isTrusted?: unknown }).isTrusted !== true || sourceOf(event) !== (target as unknown) || originOf(event) !== options.frameOrigin) return;
      const data = dataOf(event);
      if (!isHello(data)) return;

      const version = negotiateVersion(options.versions, data.versions);
      if (version === null) {
        options.onFail(
          new RelayError(
            'VERSION_MISMATCH',
            `frame speaks protocol ${data.versions.min}-${data.versions.max}`,
          ),
        );
        return;
      }
      if (current) {
        drop('the frame reloaded');
        options.onLost?.();
      }
      // As it was at start (a page may replace it since); none at all throws, and `safely` says so.
      if (!NativeMessageChannel) throw new Error('[audience-relay] this page has no MessageChannel');
      const { port1, port2 } = new NativeMessageChannel();
      const port = portOf(port1);
      const caller = createCaller(port);
      const connection = { caller, port };
      current = connection;
      port.listen((portEvent: MessageEvent) =>
        safely(() => {
          const message = dataOf(portEvent);
          if (caller.handle(message)) return;
          if (isConnected(message) && current === connection) options.onConnect(caller, message.version);
          else if (isRefused(message)) {
            drop(message.error.message);
            options.onFail(new RelayError(message.error.code, message.error.message));
          }
        }),
      );
      const connect: ConnectMessage = { ns: NAMESPACE, type: 'connect', version, partner: options.partner, ...(options.dcsOrigin ? { dcs: options.dcsOrigin } : {}) };
      target.postMessage(connect, options.frameOrigin, [port2]);
      options.onOpen?.(caller, version);
    });

  // Through EventTarget's own methods, taken at start (listen.ts).
  const unlisten = listen(options.win as unknown as EventTarget, 'message', listener as (event: Event) => void);
  return {
    stop() {
      unlisten();
      drop('destroyed');
    },
  };
}
