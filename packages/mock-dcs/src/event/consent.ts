import type { GlobalCmpList } from '../config';
import { gppOptOut } from './gpp-opt-out';
import { readTcConsent } from './tc-consent';

export interface ConsentCheck {
  /** `gdpr=1`: GDPR applies to this call. */
  applies: boolean;
  /** The DCS may store data and fire syncs. */
  granted: boolean;
  /** The TC string, for `${GDPR_CONSENT_<vendor>}` macros. */
  consentString: string;
  /** The TC string was discarded: its CMP is not in the Global CMP List (313) or is marked deleted there (314). */
  discarded?: 313 | 314;
}

/** Purposes the DCS needs: 1 (store and access information on a device), 10 (develop and improve products). */
const REQUIRED_PURPOSES = [1, 10];

/**
 * The TCF v2 check of `gdpr` + `gdpr_consent` (both or neither). With `gdpr=1` the DCS
 * needs purposes 1 and 10 and vendor consent for its vendor ID; a missing, malformed or
 * insufficient TC string grants nothing (error 315). With a Global CMP List, a TC string made
 * by a CMP not in it (313) or marked deleted (314) is discarded and the call processed as
 * usual, as if GDPR did not apply (Audience Manager's integration warning codes).
 */
export function checkConsent(gdpr: string | undefined, consentString: string | undefined, vendorId: number, cmpList: GlobalCmpList | null = null): ConsentCheck {
  if (gdpr === undefined && consentString === undefined) return { applies: false, granted: true, consentString: '' };
  if (gdpr === '0' && consentString === undefined) return { applies: false, granted: true, consentString: '' };
  const denied = { applies: true, granted: false, consentString: consentString ?? '' };
  if (gdpr !== '1' && gdpr !== '0') return denied;
  if (gdpr === '0') return { applies: false, granted: true, consentString: consentString ?? '' };
  if (!consentString) return denied;
  const tc = readTcConsent(consentString, REQUIRED_PURPOSES, vendorId);
  if (!tc) return denied;
  if (cmpList?.deleted.has(tc.cmpId)) return { applies: false, granted: true, consentString: '', discarded: 314 };
  if (cmpList && !cmpList.cmpIds.has(tc.cmpId)) return { applies: false, granted: true, consentString: '', discarded: 313 };
  return { applies: true, granted: tc.purposes && tc.vendor, consentString };
}

/** The US privacy signals of a call: `us_privacy`, `gpp` + `gpp_sid`, and Global Privacy Control (`Sec-GPC: 1`). */
export interface UsPrivacySignals {
  usPrivacy: string | undefined;
  gpp: string | undefined;
  gppSid: readonly number[];
  gpc: boolean;
}

/**
 * The visitor opted out of the sale or sharing of their data: GPC, a US Privacy string
 * whose third character is `Y` (`1YYN`), or a GPP US opt-out. A `us_privacy` that is not
 * a US Privacy string counts as an opt-out, as an unreadable GPP string does.
 */
export function isRestricted(signals: UsPrivacySignals): boolean {
  if (signals.gpc) return true;
  if (signals.usPrivacy !== undefined && !/^1[YN-][YN-][YN-]$/i.test(signals.usPrivacy)) return true;
  if (signals.usPrivacy?.[2]?.toUpperCase() === 'Y') return true;
  return signals.gpp !== undefined && signals.gpp !== '' && gppOptOut(signals.gpp, signals.gppSid);
}
