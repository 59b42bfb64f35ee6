import { NativePromise } from '@audience-relay/protocol';

/** What a TCF CMP answers that tells why it refused (the IAB TCData fields read here). */
interface TcData {
  gdprApplies?: boolean;
  listenerId?: number;
  purpose?: { consents?: Record<string, boolean> };
  vendor?: { consents?: Record<string, boolean> };
  publisher?: { restrictions?: Record<string, Record<string, number>> };
}

/** The page's timer as the debug tools loaded: one the page later made a no-op must not hang `diagnose`. */
const later = setTimeout;

type TcfApi = (command: string, version: number, callback: (data: TcData, success: boolean) => void, parameter?: unknown) => void;

/**
 * Why the page's TCF CMP gives the DCS no consent, in words: the purposes the visitor did not
 * consent to, the DCS's vendor missing from the CMP, or the publisher's own restriction on it.
 * Asked of the CMP when `diagnose` is (for its words only; the tag decided from its own
 * reading); null when the page has no TCF CMP, it does not answer within 500 ms, or nothing
 * of these explains the refusal.
 */
export function tcfRefusal(win: object, vendorId: number): Promise<string | null> {
  return new NativePromise((resolve) => {
    later(() => resolve(null), 500);
    try {
      const api = Object.getOwnPropertyDescriptor(win, '__tcfapi')?.value as TcfApi | undefined;
      if (typeof api !== 'function') return resolve(null);
      // Called by the CMP's own code: what reading its answer throws (a getter, a Proxy) is not
      // thrown back into it.
      api('addEventListener', 2, (data, success) => {
        try {
          if (!success || !data) return;
          if (typeof data.listenerId === 'number') api('removeEventListener', 2, () => {}, data.listenerId);
          resolve(why(data, vendorId));
        } catch {
          resolve(null);
        }
      });
    } catch {
      resolve(null);
    }
  });
}

function why(data: TcData, vendorId: number): string | null {
  if (data.gdprApplies !== true) return null;
  const purposes = ['1', '10'];
  const missing = purposes.filter((p) => data.purpose?.consents?.[p] !== true);
  if (missing.length > 0) return `No consent to TCF purpose ${missing.join(' and ')} (the DCS needs 1 and 10).`;
  const restricted = purposes.filter((p) => [0, 2].includes(data.publisher?.restrictions?.[p]?.[vendorId] as number));
  if (restricted.length > 0) {
    return `A publisher restriction in the CMP's settings refuses vendor ${vendorId} purpose ${restricted.join(' and ')}, whatever the visitor chose.`;
  }
  if (data.vendor?.consents?.[vendorId] !== true) {
    return `The CMP gives vendor ${vendorId} (consent.vendorId) no consent: add it to the CMP's vendors, or set consent.vendorId.`;
  }
  return null;
}
