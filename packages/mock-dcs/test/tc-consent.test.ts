// The mock DCS's TCF check reads the TC string's core segment in one pass. Before, it used
// @iabtcf/core's TCString.decode, which expands every vendor range: one crafted gdpr_consent
// of 5,000 characters held the server for ~15 s (the e2e suite saw a 30 s answer).
import fc from 'fast-check';
import { TCString } from '@iabtcf/core';
import { describe, expect, it } from 'vitest';
import { checkConsent } from '../src/event/consent';
import { readTcConsent } from '../src/event/tc-consent';
import { tcString } from '../src/tc-string';

// Thousands of generated cases: seconds on a quiet machine, several times that on 2 busy
// cores. The time limit is not what these tests check.
const FUZZ_TIME = { timeout: 60_000 };

describe('readTcConsent', FUZZ_TIME, () => {
  it('agrees with the IAB library on the strings the IAB library encodes (bit fields and ranges)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 11 }), { maxLength: 11 }),
        // Sparse high IDs make the encoder choose range encoding; dense low ones a bit field.
        fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 3000 })), { maxLength: 30 }),
        fc.integer({ min: 1, max: 3100 }),
        // The CMP that made the string (the Global CMP List check reads it).
        fc.integer({ min: 2, max: 4095 }),
        (purposes, vendors, vendorId, cmpId) => {
          const string = tcString({ purposes, vendors, cmpId });
          const decoded = TCString.decode(string);
          const ours = readTcConsent(string, [1, 10], vendorId);
          expect(ours).toEqual({ purposes: decoded.purposeConsents.has(1) && decoded.purposeConsents.has(10), vendor: decoded.vendorConsents.has(vendorId), cmpId: decoded.cmpId });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads range-encoded vendor consent without expanding the ranges', () => {
    const string = tcString({ purposes: [1, 10], vendors: [2999, 3000] });
    expect(readTcConsent(string, [1, 10], 3000)).toEqual({ purposes: true, vendor: true, cmpId: 10 });
    expect(readTcConsent(string, [1, 10], 2998)).toEqual({ purposes: true, vendor: false, cmpId: 10 });
    expect(checkConsent('1', string, 2999).granted).toBe(true);
  });

  it('refuses what is not a v2 core segment: another version, a cut string, a character outside base64url', () => {
    const string = tcString({ purposes: [1, 10], vendors: [565] });
    expect(readTcConsent(string, [1, 10], 565)).toEqual({ purposes: true, vendor: true, cmpId: 10 });
    expect(readTcConsent(`B${string.slice(1)}`, [1, 10], 565)).toBeNull();
    expect(readTcConsent(string.slice(0, 30), [1, 10], 565)).toBeNull();
    expect(readTcConsent(`${string.slice(0, 10)}!${string.slice(11)}`, [1, 10], 565)).toBeNull();
    expect(checkConsent('1', string.slice(0, 30), 565)).toMatchObject({ applies: true, granted: false });
  });

  it('answers a crafted string of 5,000 to 50,000 characters in milliseconds, refusing it', () => {
    for (const length of [5000, 5632, 20000, 50000]) {
      const started = performance.now();
      const check = checkConsent('1', 'C'.repeat(length), 565);
      expect(performance.now() - started).toBeLessThan(200);
      expect(check.granted).toBe(false);
    }
  });
});
