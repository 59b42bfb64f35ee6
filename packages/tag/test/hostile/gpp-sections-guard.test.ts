// attack6: a CMP answer that the tag accepts but the frame's guard refuses. consent.ts reads the
// GPP CMP's `applicableSections` as every positive integer in it, with no bound and no
// de-duplication; protocol/src/messages.ts isPrivacy() takes at most 50 SAFE integers in
// `gppSid`. A GPP CMP that lists a section twice per update (appending instead of replacing),
// every US state section on top of a long list, or a section number past 2^53 (Number.isInteger
// holds, Number.isSafeInteger does not) makes EVERY event call of the page a "malformed event
// request" (BAD_REQUEST from the frame): no segments, for the whole visit, and the message does
// not say why. The privacy the tag derives from any CMP answer must pass the guard.
// Fixed in packages/tag/src/consent/consent.ts: distinct safe integers, at most 50,
// so reader and guard agree.
import { describe, expect, it, vi } from 'vitest';
import { isPrivacy } from '@audience-relay/protocol';
import { watchConsent } from '../../src/consent/consent';
import type { Consent } from '../../src/types';

type Callback = (value: unknown, success: boolean) => void;

/** A page whose only CMP is a GPP one that answers `applicableSections` at once. */
function privacyFor(applicableSections: unknown[]): Omit<Consent, 'state'> {
  const __gpp = vi.fn((command: string, callback: Callback) => {
    if (command === 'addEventListener') callback({ listenerId: 1, pingData: { signalStatus: 'ready', cmpStatus: 'loaded', gppString: 'DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA', applicableSections } }, true);
  });
  const win = { navigator: {}, frames: {}, addEventListener: vi.fn(), removeEventListener: vi.fn(), __gpp } as Record<string, unknown>;
  win.window = win.top = win.parent = win;
  let last: Consent | null = null;
  const { stop } = watchConsent(win as unknown as Window, { vendorId: 565, gpc: true, requireTcf: false }, (c) => (last = c));
  stop();
  const { state: _state, ...privacy } = last as unknown as Consent;
  return privacy;
}

describe("GPP sections from the CMP and the frame's guard", () => {
  it('control: a usual answer ([7, 8]) passes the guard', () => {
    const privacy = privacyFor([7, 8]);
    expect(privacy.gppSid).toEqual([7, 8]);
    expect(isPrivacy(privacy)).toBe(true);
  });

  // main: gppSid has 60 entries; isPrivacy false (the frame answers every call BAD_REQUEST).
  it('a section listed many times (60 entries) still gives a privacy the frame accepts', () => {
    expect(isPrivacy(privacyFor(Array.from({ length: 60 }, () => 7)))).toBe(true);
  });

  // main: gppSid [7, 1e20]; isPrivacy false.
  it('a section number past 2^53 still gives a privacy the frame accepts', () => {
    expect(isPrivacy(privacyFor([7, 1e20]))).toBe(true);
  });
});
