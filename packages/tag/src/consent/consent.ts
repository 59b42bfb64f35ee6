import { own } from '@audience-relay/protocol';
import { safely } from '../safely';
import type { Consent } from '../types';
import { findCmp, type CmpCall } from './cmp';

export interface ConsentOptions {
  /** The DCS's IAB TCF vendor ID, whose consent is required where GDPR applies. */
  vendorId: number;
  /** Honour Global Privacy Control. */
  gpc: boolean;
  /** Without a TCF CMP, consent is denied. */
  requireTcf: boolean;
}

/** No CMP on the page: consent granted, nothing to forward. */
export const NO_CMP: Consent = { state: 'granted', gdpr: null, tcString: null, gpp: null, gppSid: [], usPrivacy: null, restricted: false };

/** A watch of the page's CMPs. */
export interface ConsentWatch {
  /**
   * Asks the US Privacy CMP again: its API has no listener, and a visitor's "Do Not Sell" after
   * the page loaded must reach the next call (the IAB asks for a `getUSPData` per transaction).
   * A changed string is reported; a CMP that answers at once, before the call goes.
   */
  refresh(): void;
  /** Removes the CMP listeners: nothing is reported after it. */
  stop(): void;
}

/** TCF purposes the DCS needs: 1 (store and access information on a device), 10 (develop and improve services). */
const PURPOSES = ['1', '10'];

/** How often, and how many times, a page with `requireTcf` and no TCF CMP is looked at for one: 30 s, `consent.timeoutMs`'s ceiling. */
const LOOK_EVERY_MS = 200;
const LOOK_TIMES = 150;

/**
 * Watches the page's CMPs (TCF v2.2 `__tcfapi`, GPP `__gpp`, `__uspapi`, each on this window
 * or through its locator frame) and Global Privacy Control, and calls `onChange` with the
 * normalized consent now and on every change the CMPs report (a late answer, a changed
 * choice). A TCF answer counts once the CMP has loaded it or the visitor has chosen.
 * `stop` removes the CMP listeners (`removeEventListener` with the listener IDs the CMPs gave).
 */
export function watchConsent(win: Window, options: ConsentOptions, onChange: (consent: Consent) => void): ConsentWatch {
  const gpc = options.gpc && (win.navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
  // undefined: no such CMP; null: asked, no answer yet.
  let tcf: { applies: boolean; tcString: string; granted: boolean } | null | undefined;
  let gpp: { string: string; sections: number[] } | null | undefined;
  let usp: string | null | undefined;

  let stopped = false;
  // The listener IDs the TCF and GPP CMPs gave ours, to remove them on stop.
  const listenerIds: unknown[] = [];
  const report = (): void => {
    if (stopped) return;
    const denied = tcf ? !tcf.granted : tcf === undefined && options.requireTcf;
    const pending = tcf === null || gpp === null || usp === null;
    safely(() =>
      onChange({
        state: denied ? 'denied' : pending ? 'pending' : 'granted',
        gdpr: tcf ? (tcf.applies ? 1 : 0) : null,
        tcString: tcf?.applies ? tcf.tcString : null,
        gpp: gpp?.string || null,
        gppSid: gpp?.sections ?? [],
        usPrivacy: usp || null,
        // US Privacy: the third character is the opt-out of sale.
        restricted: gpc || usp?.[2] === 'Y',
      }),
    );
  };
  // Each answer updates its framework's state and returns true when that is final enough to report.
  const ask = (call: CmpCall | null | undefined, command: string, answer: (value: unknown, success: boolean) => boolean): void => {
    if (!call) return;
    safely(() =>
      call(command, (value, success) =>
        // Called by the CMP's own code, often in a later task: reading its answer may throw (a
        // getter, a Proxy), and nothing of ours may be thrown into the page from there.
        safely(() => {
          if (answer(value, success)) report();
        }),
      ),
    );
  };

  const apis = ['__tcfapi', '__gpp', '__uspapi'] as const;
  const calls = apis.map((api) => findCmp(win, api));
  [tcf, gpp, usp] = calls.map((call) => (call ? null : undefined)) as [null | undefined, null | undefined, null | undefined];
  // One asker per framework, in `apis`'s order: each asks its CMP, if there is one yet.
  const askers = [
    () => ask(calls[0], 'addEventListener', (data, success) => {
      listenerIds[0] ??= own(data, 'listenerId');
      const status = own(data, 'eventStatus');
      if (success && own(data, 'gdprApplies') === false) tcf = { applies: false, tcString: '', granted: true };
      else if (!success) tcf = { applies: true, tcString: '', granted: false };
      else if (status === 'tcloaded' || status === 'useractioncomplete') {
        const tcString = own(data, 'tcString');
        const purposes = own(own(data, 'purpose'), 'consents');
        const vendors = own(own(data, 'vendor'), 'consents');
        // The publisher's restrictions for our vendor, by purpose: 0 (not allowed) and 2 (only on
        // legitimate interest) forbid what we do on consent, whatever the visitor chose.
        const restrictions = own(own(data, 'publisher'), 'restrictions');
        const vendor = String(options.vendorId);
        tcf = {
          applies: true,
          tcString: typeof tcString === 'string' ? tcString : '',
          granted: PURPOSES.every((p) => own(purposes, p) === true && (own(own(restrictions, p), vendor) ?? 1) === 1) && own(vendors, vendor) === true,
        };
      } else return false;
      return true;
    }),
    () => ask(calls[1], 'addEventListener', (event, success) => {
      listenerIds[1] ??= own(event, 'listenerId');
      const ping = own(event, 'pingData');
      const sections = own(ping, 'applicableSections');
      const string = own(ping, 'gppString');
      if (!success || own(ping, 'cmpStatus') === 'error') gpp = { string: '', sections: [] };
      else if (own(ping, 'signalStatus') === 'ready') {
        gpp = {
          string: typeof string === 'string' ? string : '',
          // Each once, at most 50 safe integers: what the frame's guard takes (a CMP that appends
          // its sections on every update would otherwise have every call refused).
          sections: Array.isArray(sections) ? [...new Set(sections.filter((s): s is number => Number.isSafeInteger(s) && s > 0))].slice(0, 50) : [],
        };
      } else return false;
      return true;
    }),
    () => ask(calls[2], 'getUSPData', (data, success) => {
      const string = own(data, 'uspString');
      const before = usp;
      usp = success && typeof string === 'string' && /^1[YN-]{3}$/i.test(string) ? string.toUpperCase() : '';
      // Asked again before each call (`refresh`): only a change is news.
      return usp !== before;
    }),
  ];
  for (const asker of askers) asker();
  // A CMP loaded after the tag (async, or by a tag manager: the usual order on real pages) is
  // looked for every LOOK_EVERY_MS, LOOK_TIMES times (30 s), each framework missing at start,
  // and one found is asked as if it had been there: its refusal withdraws the grant (the gate
  // forgets what was stored), its TC, GPP or US Privacy string goes with the next calls.
  // With `requireTcf`, a page without a TCF CMP yet is waited on meanwhile, not refused (the
  // gate's own deadline settles `ready`); none by then: refused.
  if (!calls[0] && options.requireTcf) tcf = null;
  let times = LOOK_TIMES;
  const looking = calls.includes(null)
    ? setInterval(() => safely(() => {
        calls.forEach((call, index) => {
          if (call) return;
          // A page's throwing getter counts as no CMP yet, and is not thrown into the page.
          safely(() => (calls[index] = findCmp(win, apis[index]!)));
          if (calls[index]) askers[index]!();
        });
        if (calls.includes(null) && --times) return;
        clearInterval(looking);
        if (tcf === null && !calls[0]) {
          tcf = undefined;
          report();
        }
      }), LOOK_EVERY_MS)
    : undefined;
  report();
  return {
    refresh: askers[2]!,
    stop() {
      stopped = true;
      clearInterval(looking);
      calls.forEach((call, index) => {
        const id = listenerIds[index];
        if (call && index < 2 && id !== undefined) safely(() => call('removeEventListener', () => {}, id));
        safely(() => call?.stop?.());
      });
    },
  };
}
