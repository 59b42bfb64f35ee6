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
 * the device, which the DCS marks `NOTARGET`, and one per declared ID with a data source
 * ID (`d_cid`; the DCS opts out only those). Resolves once every call has settled, failed
 * ones included: the tag's first-party opt-out holds either way.
 */
export async function optOut(params: EventParams, services: OptOutServices): Promise<EventResult> {
  services.clearStorage();
  const privacy = privacyQuery(params.privacy);
  const queries = [privacy, ...params.ids.filter(({ source }) => typeof source === 'number').map(({ source, id }) => [`d_cid=${source}%01${encodeURIComponent(id)}`, ...privacy])];
  await Promise.allSettled(
    // A pixel, not an API: the answer is never read, so no CORS is asked of the DCS (Audience
    // Manager's /demoptout.jpg sends none), and the frame may be served apart from it.
    queries.map((parts) => services.fetch(`${services.endpoint}${parts.length > 0 ? `?${parts.join('&')}` : ''}`, { credentials: 'include', cache: 'no-store', mode: 'no-cors' })),
  );
  return NO_DATA;
}
