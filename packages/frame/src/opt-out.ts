import { privacyQuery, type EventParams, type EventResult } from '@audience-relay/protocol';

export interface OptOutServices {
  /** `https://dcs.example/demoptout.jpg`: on the DCS the frame was built with. */
  endpoint: string;
  fetch: typeof fetch;
  /** Forgets what the frame stored (its ID sync record). */
  clearStorage(): void;
}

const NO_DATA: EventResult = { uuid: null, segments: [], traits: [], cookies: [], identity: { source: 'none', partitioned: null } };

/**
 * The DCS opt-out, from the frame so the DCS sees its own (partitioned) cookie: one call for
 * the device, which the DCS marks `NOTARGET`, and one per declared ID (`d_cid` by data source
 * ID, `d_cid_ic` by integration code). Resolves once every call has settled, failed
 * ones included: the tag's first-party opt-out holds either way.
 */
export async function optOut(params: EventParams, services: OptOutServices): Promise<EventResult> {
  services.clearStorage();
  const privacy = privacyQuery(params.privacy);
  // The device by the IDs the event calls name it with, in a call of its own beside the bare
  // one (which opts out the DCS cookie's device everywhere and sets NOTARGET): where the browser
  // refuses that cookie (third-party cookies blocked), the DCS knows the device only by `d_uuid`
  // (Audience Manager's "Partner Level Opt-Out with Device ID calls") and the Experience Cloud ID.
  const device = params.coppa
    ? []
    : [
        ...(params.uuid ? [`d_uuid=${encodeURIComponent(params.uuid)}`] : []),
        ...(params.ecid ? [`d_mid=${encodeURIComponent(params.ecid.mid)}`, `d_orgid=${encodeURIComponent(params.ecid.orgId)}`] : []),
      ];
  // Declared IDs by data source ID (`d_cid`) or by integration code (`d_cid_ic`), as the event
  // call sends them: Audience Manager opts out either ("Declared ID opt-out examples").
  const queries = [privacy, ...(device.length > 0 ? [[...device, ...privacy]] : []), ...params.ids.map(({ source, id }) => [`${typeof source === 'number' ? 'd_cid' : 'd_cid_ic'}=${encodeURIComponent(source)}%01${encodeURIComponent(id)}`, ...privacy])];
  await Promise.allSettled(
    // A pixel, not an API: the answer is never read, so no CORS is asked of the DCS (Audience
    // Manager's /demoptout.jpg sends none), and the frame may be served apart from it.
    queries.map((parts) => services.fetch(`${services.endpoint}${parts.length > 0 ? `?${parts.join('&')}` : ''}`, { credentials: 'include', cache: 'no-store', mode: 'no-cors' })),
  );
  return NO_DATA;
}
