import { keys } from './intrinsics';
import { isEventParams, type EventParams } from './messages';

/** Longest boot fragment the tag puts in the frame URL; a longer first call takes the normal path. */
export const MAX_BOOT_FRAGMENT = 4096;

/**
 * The boot call (protocol version 2): the tag puts its first event call in the frame URL's
 * fragment, so the frame calls the DCS as soon as it runs, while the handshake is still going
 * on; the tag's first request (method `boot`, the same params) then gets that call's answer.
 * The fragment never leaves the browser. Null when the call is too long for a URL.
 *
 * `id` names this tag's boot call (after a `;`, which the encoded JSON never holds raw): an
 * iframe element moved in the DOM reloads from its `src`, fragment included, and the frame
 * uses the id to make the call once per page, not once per reload (see the frame's
 * `startBootCall`).
 */
export function encodeBootCall(params: EventParams, id = ''): string | null {
  if (!isBootable(params)) return null;
  const fragment = encodeURIComponent(JSON.stringify(params)) + (id ? `;${id}` : '');
  return fragment.length <= MAX_BOOT_FRAGMENT ? fragment : null;
}

/** The event params of a boot fragment (`#…` or without the `#`), or null for anything malformed. */
export function decodeBootCall(hash: string): EventParams | null {
  const fragment = hash.replace(/^#/, '');
  if (!fragment || fragment.length > MAX_BOOT_FRAGMENT) return null;
  try {
    const params: unknown = JSON.parse(decodeURIComponent(fragment.split(';')[0] as string));
    return isEventParams(params) && isBootable(params) ? params : null;
  } catch {
    return null;
  }
}

/**
 * A call the fragment may carry: no declared IDs, no trait IDs, no private (`p_`) signal, no
 * device-ID copy and no Experience Cloud ID (Adobe's persistent visitor ID, a device ID too).
 * The frame makes the boot call before any handshake, so markup injected into an allowed page
 * (an `<iframe>` of the frame with a crafted fragment, no script needed) could make it too: it
 * must not link the visitor's device to someone's customer ID (`d_cid`) or realize traits
 * (`d_sid`). And the fragment stays in the page, in the `<iframe src>` attribute that
 * session-replay scripts serialize and in the Resource Timing entry that RUM scripts send away:
 * a `p_` value ("evaluated, never stored") or the visitor's device ID (ours or the MID) must not
 * be there. Such a first call takes the port, after the handshake, which only the page's own
 * script can open. (Signals and the page URL remain, as in an event call an injected `<img>`
 * could make.)
 */
function isBootable(params: EventParams): boolean {
  return params.ids.length === 0 && params.traits.length === 0 && !params.uuid && !params.ecid && !keys(params.signals).some((key) => key.startsWith('p_'));
}
