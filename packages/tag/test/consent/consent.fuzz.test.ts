import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { watchConsent } from '../../src/consent/consent';
import type { Consent } from '../../src/types';

// Thousands of generated cases: seconds on a quiet machine, several times that on 2 busy
// cores. The time limit is not what these tests check.
const FUZZ_TIME = { timeout: 60_000 };

// CMP answers are input from code we do not control: whatever a TCF, GPP or USP API answers,
// the reader never throws, reports one of its three states, and grants only for purposes 1
// and 10 and vendor 565, read as own properties set to true.

const anything = fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 3 });
const tcData = fc.record(
  {
    gdprApplies: fc.oneof(fc.boolean(), anything),
    eventStatus: fc.oneof(fc.constantFrom('tcloaded', 'useractioncomplete', 'cmpuishown'), anything),
    tcString: fc.oneof(fc.string(), anything),
    purpose: fc.oneof(fc.record({ consents: fc.oneof(fc.dictionary(fc.constantFrom('1', '2', '10', '11'), fc.oneof(fc.boolean(), anything)), anything) }), anything),
    vendor: fc.oneof(fc.record({ consents: fc.oneof(fc.dictionary(fc.constantFrom('565', '755', '1'), fc.oneof(fc.boolean(), anything)), anything) }), anything),
  },
  { requiredKeys: [] },
);

function grantsConsent(data: unknown): boolean {
  const own = (v: unknown, k: string): unknown => (typeof v === 'object' && v !== null && Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined);
  if (own(data, 'gdprApplies') === false) return true;
  const status = own(data, 'eventStatus');
  if (status !== 'tcloaded' && status !== 'useractioncomplete') return false;
  const purposes = own(own(data, 'purpose'), 'consents');
  const vendors = own(own(data, 'vendor'), 'consents');
  return own(purposes, '1') === true && own(purposes, '10') === true && own(vendors, '565') === true;
}

describe('consent reader fuzz', FUZZ_TIME, () => {
  it('any TCF answer: no exception, a known state, granted exactly when the rules say so', () => {
    fc.assert(
      fc.property(fc.oneof(tcData, anything), fc.boolean(), (data, success) => {
        const seen: Consent[] = [];
        let answer: (value: unknown, ok: boolean) => void = () => {};
        const win = { navigator: {}, frames: {}, addEventListener() {}, __tcfapi: (_c: string, _v: number, cb: typeof answer) => (answer = cb) };
        Object.assign(win, { parent: win });
        watchConsent(win as unknown as Window, { vendorId: 565, gpc: true, requireTcf: false }, (c) => seen.push(c));
        answer(data, success);
        const last = seen.at(-1)!;
        expect(['granted', 'denied', 'pending']).toContain(last.state);
        if (last.state === 'granted') expect(success && grantsConsent(data)).toBe(true);
        if (success && grantsConsent(data)) expect(last.state).toBe('granted');
      }),
      { numRuns: 3000 },
    );
  });

  it('any GPP or USP answer: no exception, only well-formed strings forwarded', () => {
    fc.assert(
      fc.property(anything, anything, fc.boolean(), (gppEvent, uspData, success) => {
        const seen: Consent[] = [];
        const win = {
          navigator: {},
          frames: {},
          addEventListener() {},
          __gpp: (_c: string, cb: (v: unknown, ok: boolean) => void) => cb(gppEvent, success),
          __uspapi: (_c: string, _v: number, cb: (v: unknown, ok: boolean) => void) => cb(uspData, success),
        };
        Object.assign(win, { parent: win });
        watchConsent(win as unknown as Window, { vendorId: 565, gpc: true, requireTcf: false }, (c) => seen.push(c));
        const last = seen.at(-1)!;
        expect(last.usPrivacy === null || /^1[YN-]{3}$/.test(last.usPrivacy)).toBe(true);
        expect(last.gpp === null || typeof last.gpp === 'string').toBe(true);
        expect(last.gppSid.every((s) => Number.isInteger(s) && s > 0)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
