/** What the DCS sends with every real-time call: it asks for JSON and says who calls. No cookie, no page data. */
export const PROVIDER_REQUEST_HEADERS: Readonly<Record<string, string>> = {
  Accept: 'application/json',
  'User-Agent': 'mock-dcs (real-time content provider call)',
};

/** One real-time call, as the DCS makes it. */
export interface ProviderRequestInput {
  /** The provider's URL template, with `${DPUUID}` and/or `${UUID}`. */
  template: string;
  /** The visitor's ID at the provider (the synced partner ID): `${DPUUID}`, percent-encoded. */
  dpuuid: string;
  /** The visitor's DCS device ID (38 digits): `${UUID}`. */
  uuid: string;
  /** Privacy parameters of the page's call, appended in this order (`gdpr`, `gdpr_consent`, `gpp`, `gpp_sid`, `us_privacy`). */
  privacy: ReadonlyArray<readonly [string, string]>;
}

/** The URL the DCS calls: the template's macros replaced, then the privacy parameters appended. */
export function providerRequestUrl({ template, dpuuid, uuid, privacy }: ProviderRequestInput): string {
  const url = template.replace(/\$\{DPUUID\}/g, encodeURIComponent(dpuuid)).replace(/\$\{UUID\}/g, uuid);
  if (privacy.length === 0) return url;
  const query = privacy.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

/**
 * Calls the provider once, as the DCS does: GET, no redirects followed, the whole call
 * (connection, headers and body) bounded by `timeoutMs`.
 */
export function fetchProvider(url: string, timeoutMs: number): Promise<Response> {
  return fetch(url, { headers: PROVIDER_REQUEST_HEADERS, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
}
