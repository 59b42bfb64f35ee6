import {
  NAMESPACE,
  isConnect,
  servePort,
  type EventParams,
  type EventResult,
  type HelloMessage,
  type RequestMethod,
  type Port,
  type Sent,
  type VersionRange,
  type WireError,
} from '@audience-relay/protocol';

/** What the bridge server needs of the frame's window; a fake in unit tests. */
export interface FrameWindow {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface ParentWindow {
  postMessage(message: unknown, targetOrigin: string): void;
}

export interface BridgeServerOptions {
  self: FrameWindow;
  /** `window.parent`; only messages whose `event.source` is this object are heard. */
  parent: ParentWindow;
  allowedOrigins: ReadonlySet<string>;
  partner: string;
  /** The origin of the DCS this frame calls: a page whose config names another is refused. */
  dcsOrigin?: string;
  versions: VersionRange;
  /** Answers one request (`event` or `optOut`) from the connected page at `origin`; `sent` once it is on its way to the DCS. */
  handleRequest(params: EventParams, method: RequestMethod, origin: string, sent: Sent): Promise<EventResult>;
}

export interface BridgeServer {
  /** The origin of the connected page, once the handshake is done. */
  readonly origin: string | null;
  stop(): void;
}

/**
 * The frame's half of the handshake. It announces itself to the parent, then accepts a
 * `connect` only from `window.parent` at an allowed origin, with a port, and only the first
 * one: the tag connects once per frame instance (it answers the one `hello`; a reloaded
 * frame is a new instance), so a later connect can only come from another script on the
 * host page trying to take the port over.
 *
 * The `hello` goes to any origin on purpose: it carries nothing but version numbers, and
 * the `connect` check below is then the one gate, which the e2e suite can prove works.
 */
export function startBridgeServer(options: BridgeServerOptions): BridgeServer {
  let port: Port | null = null;
  let origin: string | null = null;

  const listener = (event: MessageEvent): void => {
    if (event.source !== (options.parent as unknown) || !options.allowedOrigins.has(event.origin)) return;
    const data: unknown = event.data;
    const offered = event.ports[0];
    if (!isConnect(data) || !offered || port) return;

    const refusal = refuse(data.version, data.partner, options, data.dcs);
    if (refusal) {
      offered.postMessage({ ns: NAMESPACE, type: 'refused', error: refusal });
      offered.close();
      return;
    }
    port = offered;
    origin = event.origin;
    const pinned = event.origin;
    servePort(offered, (params, method, sent) => options.handleRequest(params, method, pinned, sent));
    offered.postMessage({ ns: NAMESPACE, type: 'connected', version: data.version });
  };

  options.self.addEventListener('message', listener);
  const hello: HelloMessage = { ns: NAMESPACE, type: 'hello', versions: options.versions };
  options.parent.postMessage(hello, '*');

  return {
    get origin() {
      return origin;
    },
    stop() {
      options.self.removeEventListener('message', listener);
      port?.close();
      port = null;
    },
  };
}

function refuse(version: number, partner: string, options: BridgeServerOptions, dcs?: string): WireError | null {
  if (version < options.versions.min || version > options.versions.max) {
    return {
      code: 'VERSION_MISMATCH',
      message: `frame speaks protocol ${options.versions.min}-${options.versions.max}, tag asked for ${version}`,
    };
  }
  if (partner !== options.partner) {
    return { code: 'BAD_REQUEST', message: `this frame serves partner "${options.partner}", not "${partner}"` };
  }
  // The page's beacons (page hidden with calls queued) go to its configured DCS: a frame on a
  // CDN built for another DCS would get its answers elsewhere, and lose those silently.
  if (dcs !== undefined && options.dcsOrigin !== undefined && dcs !== options.dcsOrigin) {
    return { code: 'BAD_REQUEST', message: `this frame calls the DCS at ${options.dcsOrigin}, not ${dcs} (the config's dcs)` };
  }
  return null;
}
