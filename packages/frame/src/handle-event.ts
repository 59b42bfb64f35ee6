import type { EventParams, EventResult, Sent } from '@audience-relay/protocol';
import type { DcsClient } from './dcs-client';
import { fireDestinations, type Destination } from './destinations';
import { fireIdSyncs, type SyncServices } from './id-syncs';
import { chooseDeviceId, dcsCookieUuid, identitySource } from './identity';
import type { RememberedUuid } from './remembered-uuid';

/** The browser services the frame's logic uses; fakes in unit tests. */
export interface FrameServices {
  dcs: DcsClient;
  /** `document.cookie` of the frame; read only where the frame is its DCS's (no `remembered`). */
  cookies(): string;
  /** For a frame served apart from its DCS (whose cookie it cannot read): the device IDs the DCS gave before. */
  remembered?: RememberedUuid;
  /** Whether the frame's storage is partitioned, once known. */
  partitioned: Promise<boolean | null>;
  syncs: SyncServices;
  fireDestination(destination: Destination): void;
  /** The tag asked this frame for the DCS opt-out: an answer that lands later is acted on no more. */
  optedOut?(): boolean;
}

/**
 * Makes one event call; `claimed`, for the boot call, settles when the tag asks for its answer;
 * `sent` is called once the call is on its way to the DCS.
 */
export type EventHandler = (params: EventParams, claimed?: Promise<EventParams>, sent?: Sent) => Promise<EventResult>;

/**
 * Answers one `event` request from the tag: decides the device ID to offer the DCS,
 * calls `/event`, fires ID syncs and destinations here in the frame (never in the host
 * page; in the task after the answer) unless the page's privacy signals restrict them, and
 * reports where the identity came from.
 */
export function createEventHandler(services: FrameServices): EventHandler {
  // The destination URLs fired by this frame: each fires once a page, not once a call.
  const firedDestinations = new Set<string>();
  return async (params, claimed, sent) => {
    const readCookieUuid = (): string | null => {
      let cookies = '';
      try {
        // Apart from its DCS the jar is the frame host's: a `demdex` cookie there (another
        // customer's page on a shared CDN, another DCS serving its own frame on this host) is
        // not its DCS's (outside review atk15).
        if (!services.remembered) cookies = services.cookies();
      } catch {
        // Cookies blocked for this frame: reading document.cookie can throw.
      }
      return dcsCookieUuid(cookies);
    };
    // Read before the request leaves, never as it leaves: Chromium can apply the answer's
    // Set-Cookie before a synchronous read made just after fetch() (1 load in 8 in e2e), and a
    // new visitor would be reported as dcs-cookie. Never under COPPA.
    const cookieUuid = params.coppa ? null : readCookieUuid();
    const deviceId = chooseDeviceId(cookieUuid, params.uuid, params.coppa);
    const { result, idSyncs, destinations, region } = await services.dcs.event({ params, deviceId }, sent);
    // Apart from its DCS, the frame learns of the DCS cookie only from an answer it did not
    // prompt: a device ID the DCS gave before coming back when none was sent.
    const remembered = !params.coppa && !deviceId && result.uuid && services.remembered?.has(result.uuid) ? result.uuid : null;
    // An opt-out asked while the call was in flight: the late answer's device ID is not
    // remembered, nor its ID syncs and destinations fired (the visitor's ID to partners).
    const stopped = (): boolean => services.optedOut?.() === true;
    if (result.uuid && !params.coppa && !stopped()) services.remembered?.add(result.uuid);
    // A boot call's answer is acted on only once the tag has asked for it: a frame no tag
    // connected to (markup injected into a page; a page whose consent was refused) fires nothing.
    // The tag asks with the privacy signals of then (a US Privacy CMP read since the mount).
    const asked = claimed ? await claimed : params;
    // Global Privacy Control or a US opt-out of sale: nothing goes to partners.
    const restricted = params.privacy?.restricted || asked.privacy?.restricted;
    // The answer goes first: the ID syncs read the frame's storage (a synchronous round trip
    // to the browser) and make images, and the page is waiting for its segments.
    const act = (): void =>
      void setTimeout(() => {
        if (stopped()) return;
        // A child-directed page (COPPA) shares nothing with partners either: a URL destination
        // tells a third party, with its own cookies, of the child's segments.
        if (params.coppa || restricted) return;
        fireIdSyncs(idSyncs, services.syncs, region);
        fireDestinations(destinations, services.fireDestination, firedDestinations);
      });
    act();
    return {
      ...result,
      cookies: restricted ? [] : result.cookies,
      identity: { source: identitySource(result.uuid, cookieUuid ?? remembered, deviceId), partitioned: await services.partitioned },
    };
  };
}
