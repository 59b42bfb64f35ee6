import { decodeBootCall, type EventParams, type EventResult, type RequestMethod } from '@audience-relay/protocol';

/** The frame's one early event call, made from its URL fragment before the handshake. */
export interface BootCall {
  params: EventParams;
  result: Promise<EventResult>;
}

/**
 * Starts the boot call (protocol version 2) when the URL fragment holds a valid event call
 * and the page embedding the frame is an allowed origin: `location.ancestorOrigins[0]`, where
 * the browser has it. Elsewhere there is no boot call, and the tag's `boot` request takes the
 * normal path. (`frame-ancestors` already keeps other sites from embedding the frame.)
 */
export function startBootCall(
  hash: string,
  embedder: string | undefined,
  allowedOrigins: ReadonlySet<string>,
  handleEvent: (params: EventParams) => Promise<EventResult>,
  firstTime: (fragment: string) => boolean = () => true,
): BootCall | null {
  if (!embedder || !allowedOrigins.has(embedder)) return null;
  const params = decodeBootCall(hash);
  // Once per page: a frame reloaded from the same fragment (its element moved in the DOM, as
  // frameworks do) would repeat the page's first view at the DCS. The tag then asks with
  // method `boot` and gets a call made for it (`createRequestHandler`), so nothing is lost.
  if (!params || !firstTime(hash.replace(/^#/, ''))) return null;
  const result = handleEvent(params);
  // Answered when the tag asks for it; if it never does, its failure must not surface.
  result.catch(() => {});
  return { params, result };
}

export interface RequestServices {
  handleEvent(params: EventParams): Promise<EventResult>;
  optOut(params: EventParams): Promise<EventResult>;
  boot: BootCall | null;
}

/**
 * Answers the tag's requests. A `boot` request gets the boot call's answer, once, when its
 * params are the ones the call was made with; otherwise (no boot call, a second ask, other
 * params) the frame makes the call now, so every request is answered exactly once.
 */
export function createRequestHandler(services: RequestServices): (params: EventParams, method: RequestMethod) => Promise<EventResult> {
  let boot = services.boot;
  return (params, method) => {
    if (method === 'optOut') return services.optOut(params);
    if (method === 'boot' && boot && JSON.stringify(boot.params) === JSON.stringify(params)) {
      const { result } = boot;
      boot = null;
      return result;
    }
    return services.handleEvent(params);
  };
}
