import { apply } from '@audience-relay/protocol';

/** A fire-and-forget form POST with cookies: false when refused at once; `refused` when refused later. */
export type Beacon = (url: string, body: string, refused: () => void) => boolean;

/** Keepalive bodies a page may have in flight (the Fetch standard's limit, sendBeacon's too). */
const QUOTA = 65536;

/**
 * The page-hide call, made on the page itself: a keepalive `fetch` with `strict-origin`, so the
 * DCS gets the page's origin as `Referer` whatever the page's referrer policy (an `unsafe-url`
 * page would send its whole URL: a search, an e-mail address, a reset token). `sendBeacon` has
 * no policy of its own: it is the fallback where `fetch` cannot be kept alive (Firefox before
 * 133). Our own bytes in flight are counted, so a call past the quota is refused at once, as
 * `sendBeacon` refuses, and it and the rest stay queued in order; past the quota through other
 * scripts' beacons, or a network failure, the browser refuses later: `refused` puts it back.
 * `fetch` and `sendBeacon` are taken now, at start-up: a page that replaces them later does not
 * get our calls.
 */
export function pageBeacon(win: Window): Beacon | undefined {
  const { fetch, navigator } = win;
  const sendBeacon = navigator?.sendBeacon;
  const type = 'application/x-www-form-urlencoded';
  let inFlight = 0;
  if (typeof Request != 'function' || !('keepalive' in Request.prototype)) return sendBeacon && ((url, body) => !!apply(sendBeacon, navigator, [url, new Blob([body], { type })]));
  return (url, body, refused) => {
    const size = body.length;
    if (inFlight + size > QUOTA) return false;
    try {
      // A form body is a simple request: no preflight, cookies included, allowed in `pagehide`.
      // The options without a prototype: a page's `Object.prototype.signal`, `.integrity` or
      // `.window` would otherwise be read as ours and fail the call.
      (apply(fetch, win, [url, { __proto__: null, method: 'POST', body, keepalive: true, mode: 'no-cors', credentials: 'include', referrerPolicy: 'strict-origin', headers: { 'content-type': type } }]) as Promise<unknown>).then(
        () => (inFlight -= size),
        () => {
          inFlight -= size;
          refused();
        },
      );
    } catch {
      return false;
    }
    inFlight += size;
    return true;
  };
}
