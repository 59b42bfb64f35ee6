import type { ContentProviderConfig } from '../config';

export interface ProviderAnswer {
  dpid: number;
  /** The provider's segments for this visitor, as the values of the `segment` signal. */
  segments: string[] | null;
  /** Why there are none: timed out or failed (DCS error 10). */
  failure: string | null;
}

const MAX_PROVIDER_SEGMENTS = 200;

/**
 * Calls every provider that knows this visitor (a synced ID for its data source) in
 * parallel, each within its own timeout. A slow or broken provider never delays the event
 * call past its timeout and never fails it.
 */
export async function callProviders(
  providers: readonly ContentProviderConfig[],
  synced: ReadonlyMap<number, string>,
  uuid: string,
  options: { forceTimeout: boolean },
): Promise<ProviderAnswer[]> {
  const known = providers.filter((p) => synced.has(p.dpid));
  return Promise.all(
    known.map(async (provider): Promise<ProviderAnswer> => {
      const url = provider.url
        .replace(/\$\{DPUUID\}/g, encodeURIComponent(synced.get(provider.dpid) as string))
        .replace(/\$\{UUID\}/g, uuid);
      try {
        if (options.forceTimeout) throw new DOMException('injected provider timeout', 'TimeoutError');
        const res = await fetch(url, { signal: AbortSignal.timeout(provider.timeoutMs) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = (await res.json()) as { segments?: unknown };
        const segments = Array.isArray(body.segments)
          ? body.segments.filter((s): s is string => typeof s === 'string').slice(0, MAX_PROVIDER_SEGMENTS)
          : [];
        return { dpid: provider.dpid, segments, failure: null };
      } catch (error) {
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
        return { dpid: provider.dpid, segments: null, failure: timedOut ? `provider ${provider.id} timed out` : `provider ${provider.id} failed` };
      }
    }),
  );
}
