import { isRestricted, type ConsentCheck } from '../event/consent';
import { PASSED_ON } from './passed-on';

/** Whether the DCS may call content providers for this event call, and what it tells them. */
export interface ProviderPrivacy {
  /** Why no provider is called (`null`: they are). */
  withheld: 'coppa' | 'no-consent' | 'opted-out' | null;
  /** The page's privacy parameters, passed on to the provider as they came. */
  params: Array<[string, string]>;
}

export { PASSED_ON };

/**
 * Telling a third party "this visitor is here now" is a sharing of their data: the DCS
 * calls no provider under COPPA (`d_coppa=1`, or `true` as the ID service sends it), without the consent GDPR needs (`gdpr=1`
 * without a TC string that grants it), or when the visitor opted out in the US sense (GPC,
 * `us_privacy` with an opt-out of sale, a GPP US opt-out). Otherwise the provider gets the
 * page's signals and applies its own obligations.
 */
export function providerPrivacy(
  params: ReadonlyMap<string, readonly string[]>,
  call: { consent: ConsentCheck; coppa: boolean; gpc: boolean },
): ProviderPrivacy {
  const first = (key: string): string | undefined => params.get(key)?.[0];
  const passed: Array<[string, string]> = [];
  for (const key of PASSED_ON) {
    const values = params.get(key);
    if (values) passed.push([key, values.join(',')]);
  }
  if (call.coppa) return { withheld: 'coppa', params: passed };
  if (!call.consent.granted) return { withheld: 'no-consent', params: passed };
  const gppSid = (params.get('gpp_sid') ?? []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (isRestricted({ usPrivacy: first('us_privacy'), gpp: first('gpp'), gppSid, gpc: call.gpc })) return { withheld: 'opted-out', params: passed };
  return { withheld: null, params: passed };
}
