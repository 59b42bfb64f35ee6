// Limits per part, and for the whole call (outside review, branch attack). Signals are capped
// at MAX_SIGNAL_BYTES, half the DCS's POST limit; on 951cfe0 the rest was not capped to the
// other half: ten declared IDs of 256 non-ASCII characters (6 bytes each on the wire) and a
// 4096-character URL of percent-encoded words passed the guard, the frame refused the call
// (over MAX_POST_BODY) and, since declared IDs ride every call, every later call too.
// Declared IDs and the URL are now measured as the query carries them.
import { describe, expect, it } from 'vitest';
import { MAX_DECLARED_IDS, MAX_DECLARED_ID_LENGTH, MAX_POST_BODY, MAX_PRIVACY_BYTES, MAX_SIGNAL_BYTES, MAX_TRAIT_IDS, MAX_URL_BYTES, buildEventQuery, isEventParams, signalBytes, type EventParams } from '../src/index';

/** Signals of exactly MAX_SIGNAL_BYTES on the wire. */
function fullSignals(): Record<string, string[]> {
  const signals: Record<string, string[]> = {};
  let i = 0;
  while (signalBytes(signals) + 'c_k000=&'.length + 1000 <= MAX_SIGNAL_BYTES) signals[`c_k${String(i++).padStart(3, '0')}`] = ['v'.repeat(1000)];
  const left = MAX_SIGNAL_BYTES - signalBytes(signals) - 'c_last'.length - 2;
  if (left > 0) signals.c_last = ['v'.repeat(left)];
  return signals;
}

const base = (): EventParams => ({
  signals: fullSignals(),
  traits: Array.from({ length: MAX_TRAIT_IDS }, (_, i) => Number.MAX_SAFE_INTEGER - i),
  uuid: '1'.repeat(38),
  coppa: false,
  ids: [],
  url: null,
  privacy: { gdpr: null, tcString: null, gpp: null, gppSid: [], usPrivacy: null, restricted: false },
});

describe('one event call, all of its parts together', () => {
  it('refuses declared IDs and page URLs too long on the wire, as the review built them', () => {
    const ids = { ...base(), ids: Array.from({ length: MAX_DECLARED_IDS }, (_, i) => ({ source: 21 + i, id: 'é'.repeat(MAX_DECLARED_ID_LENGTH), authState: null })) };
    expect(isEventParams(ids)).toBe(false);
    const url = { ...base(), url: `https://pub.example/${'%C3%A9'.repeat(679)}` };
    expect(isEventParams(url)).toBe(false);
  });

  it('the largest call the guard accepts, with 5.5 KB of privacy strings, fits the DCS POST limit', () => {
    const source = 'x'.repeat(100);
    const params: EventParams = {
      ...base(),
      // The longest IDs the guard takes: 256 bytes on the wire (42 characters of 6 bytes, 4 of 1).
      ids: Array.from({ length: MAX_DECLARED_IDS }, (_, i) => ({ source: `${source.slice(0, 98)}${i}`, id: `${'é'.repeat(42)}abcd`, authState: 2 as const })),
      url: `https://pub.example/${'a'.repeat(MAX_URL_BYTES - 60)}`,
      ecid: { mid: '9'.repeat(38), orgId: `${'A'.repeat(64)}@AdobeOrg` },
      privacy: { gdpr: 1, tcString: 'C'.repeat(2800), gpp: 'D'.repeat(2800), gppSid: [2, 7, 8], usPrivacy: '1YNN', restricted: false },
    };
    expect(isEventParams(params)).toBe(true);
    expect(buildEventQuery({ params, deviceId: params.uuid }).length).toBeLessThanOrEqual(MAX_POST_BODY);
  });

  // The privacy strings were the one part still capped alone (16,384 characters each): two of
  // them with the rest at its maximum made a 58 KB call the guard accepted and the DCS refused.
  it('every part at its maximum, the privacy strings included, fits the DCS POST limit', () => {
    const source = 'x'.repeat(100);
    const gppSid = Array.from({ length: 50 }, (_, i) => Number.MAX_SAFE_INTEGER - i);
    const half = MAX_PRIVACY_BYTES / 2;
    const params: EventParams = {
      ...base(),
      ids: Array.from({ length: MAX_DECLARED_IDS }, (_, i) => ({ source: `${source.slice(0, 98)}${i}`, id: `${'é'.repeat(42)}abcd`, authState: 2 as const })),
      url: `https://pub.example/${'a'.repeat(MAX_URL_BYTES - 28)}`,
      ecid: { mid: '9'.repeat(38), orgId: `${'A'.repeat(64)}@AdobeOrg` },
      privacy: { gdpr: 1, tcString: 'C'.repeat(half), gpp: 'D'.repeat(half), gppSid, usPrivacy: '1-NN', restricted: false },
    };
    expect(isEventParams(params)).toBe(true);
    expect(buildEventQuery({ params, deviceId: params.uuid }).length).toBeLessThanOrEqual(MAX_POST_BODY);
    // One byte more, anywhere in the privacy strings, and the guard refuses the call.
    expect(isEventParams({ ...params, privacy: { ...params.privacy!, gpp: `${params.privacy!.gpp}D` } })).toBe(false);
    // Measured as the call carries them: characters that take 6 bytes count 6.
    expect(isEventParams({ ...params, privacy: { ...params.privacy!, tcString: 'é'.repeat(500), gpp: 'D'.repeat(2700) } })).toBe(false);
  });
});
