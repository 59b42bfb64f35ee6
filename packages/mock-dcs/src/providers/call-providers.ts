import type { ContentProviderConfig } from '../config';
import type { ProviderPrivacy } from './provider-privacy';
import { readProviderAnswer } from './read-provider-answer';
import { fetchProvider, providerRequestUrl } from './provider-request';

export interface ProviderAnswer {
  dpid: number;
  /** The provider's segments for this visitor, as the values of the `segment` signal. */
  segments: string[] | null;
  /** Why there are none: timed out, failed or broke the contract (DCS error 10). */
  failure: string | null;
}

/**
 * Calls every provider that knows this visitor (a synced ID for its data source) in
 * parallel, once each, within its own timeout, unless the call's privacy signals withhold
 * them all. A slow, broken or oversize provider never delays the event call past its
 * timeout and never fails it: it is one error 10.
 */
export async function callProviders(
  providers: readonly ContentProviderConfig[],
  synced: ReadonlyMap<number, string>,
  uuid: string,
  options: { forceTimeout: boolean; privacy: ProviderPrivacy },
): Promise<ProviderAnswer[]> {
  if (options.privacy.withheld !== null) return [];
  // A synced ID that is a dot segment (`.`, `..`) would walk a path template up the provider's
  // URL (`/v1/users/${DPUUID}/segments` to `/v1/segments`): percent-encoding cannot stop it
  // (URLs read `%2E` as a dot), so that visitor is not known to the provider.
  const known = providers.filter((p) => synced.has(p.dpid) && !/^\.\.?$/.test(synced.get(p.dpid) as string));
  return Promise.all(
    known.map(async (provider): Promise<ProviderAnswer> => {
      const url = providerRequestUrl({ template: provider.url, dpuuid: synced.get(provider.dpid) as string, uuid, privacy: options.privacy.params });
      try {
        if (options.forceTimeout) throw new DOMException('injected provider timeout', 'TimeoutError');
        const answer = await readProviderAnswer(await fetchProvider(url, provider.timeoutMs));
        if (!answer.ok) return { dpid: provider.dpid, segments: null, failure: `provider ${provider.id}: ${answer.problem}` };
        return { dpid: provider.dpid, segments: answer.segments, failure: null };
      } catch (error) {
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
        return { dpid: provider.dpid, segments: null, failure: timedOut ? `provider ${provider.id} timed out` : `provider ${provider.id} failed` };
      }
    }),
  );
}
