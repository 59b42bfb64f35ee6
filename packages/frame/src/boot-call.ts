import { decodeBootCall, type EventParams, type EventResult, type RequestMethod, type Sent } from '@audience-relay/protocol';
import type { EventHandler } from './handle-event';

/** The frame's one early event call, made from its URL fragment before the handshake. */
export interface BootCall {
  params: EventParams;
  result: Promise<EventResult>;
  /** The tag asked for the answer, with `params` (the page's privacy signals as it asked): its ID syncs and destinations may fire. */
  claim(params: EventParams): void;
}

/**
 * Starts the boot call (protocol version 2) when the URL fragment holds a valid event call
 * and every document above the frame is of an allowed origin (`location.ancestorOrigins`,
 * where the browser has it), as `frame-ancestors` checks: a site framing an allowed page
 * could otherwise navigate our frame inside it to a fragment of its own making. Elsewhere
 * there is no boot call, and the tag's `boot` request takes the normal path.
 */
export function startBootCall(
  hash: string,
  embedders: ArrayLike<string> | undefined,
  allowedOrigins: ReadonlySet<string>,
  handleEvent: EventHandler,
  firstTime: (fragment: string) => boolean = () => true,
): BootCall | null {
  if (!embedders?.length || !Array.from(embedders).every((origin) => allowedOrigins.has(origin))) return null;
  const params = decodeBootCall(hash);
  // Once per page: a frame reloaded from the same fragment (its element moved in the DOM, as
  // frameworks do) would repeat the page's first view at the DCS. The tag then asks with
  // method `boot` and gets a call made for it (`createRequestHandler`), so nothing is lost.
  if (!params || !firstTime(hash.replace(/^#/, ''))) return null;
  let claim = (_: EventParams): void => {};
  const claimed = new Promise<EventParams>((resolve) => (claim = resolve));
  const result = handleEvent(params, claimed);
  // Answered when the tag asks for it; if it never does, its failure must not surface.
  result.catch(() => {});
  return { params, result, claim };
}

export interface RequestServices {
  /** `sent`: called once the call is on its way to the DCS. */
  handleEvent(params: EventParams, sent?: Sent): Promise<EventResult>;
  optOut(params: EventParams): Promise<EventResult>;
  boot: BootCall | null;
}

/**
 * Answers the tag's requests. A `boot` request gets the boot call's answer, once, when its
 * params are the ones the call was made with but for the privacy signals (a US Privacy CMP
 * loaded after the tag, read since the frame was mounted: its opt-out of sale then holds for
 * the answer, which the DCS had already made); otherwise (no boot call, a second ask, other
 * params) the frame makes the call now, so every request is answered exactly once.
 */
export function createRequestHandler(services: RequestServices): (params: EventParams, method: RequestMethod, origin?: string, sent?: Sent) => Promise<EventResult> {
  let boot = services.boot;
  return (params, method, _origin, sent) => {
    if (method === 'optOut') return services.optOut(params);
    if (method === 'boot' && boot && JSON.stringify({ ...boot.params, privacy: 0 }) === JSON.stringify({ ...params, privacy: 0 })) {
      const { result, claim } = boot;
      boot = null;
      claim(params);
      // Made as the frame started, from its URL.
      sent?.();
      return result;
    }
    return services.handleEvent(params, sent);
  };
}
