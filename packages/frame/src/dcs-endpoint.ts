import { parseOrigin } from '@audience-relay/protocol';

/** The DCS URLs the frame calls. */
export interface DcsEndpoints {
  /** The DCS origin, serialized. */
  origin: string;
  /** `<origin>/event`. */
  event: string;
  /** `<origin>/demoptout.jpg`. */
  optOut: string;
  /** The frame is served by the DCS itself, so `document.cookie` is the DCS's cookie jar. */
  sameOrigin: boolean;
}

/**
 * The DCS this frame calls: the origin fixed in its own `frame.html` when it was built
 * (`audience-relay-frame build --dcs`), else the origin that served it (a DCS hosting its own
 * frame, as mock-dcs does). Nothing from the embedding page takes part: not the URL's query
 * or fragment, not a message. A declared value that is not a plain http(s) origin gives
 * null, and the frame then stays silent rather than guess.
 */
export function dcsEndpoints(declared: string, frameHref: string): DcsEndpoints | null {
  const frameOrigin = new URL(frameHref).origin;
  const origin = declared === '' ? parseOrigin(frameOrigin) : parseOrigin(declared);
  if (!origin) return null;
  return { origin, event: `${origin}/event`, optOut: `${origin}/demoptout.jpg`, sameOrigin: origin === frameOrigin };
}
