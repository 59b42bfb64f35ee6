import { describe, expect, it } from 'vitest';
import { NO_CMP } from '../../src/consent/consent';
import { diagnose } from '../../src/debug/diagnose';
import type { RelaySnapshot, SegmentsEvent } from '../../src/types';

const event = (over: Partial<SegmentsEvent> = {}): SegmentsEvent => ({
  segments: ['5001'],
  traits: [1001],
  uuid: '1'.repeat(38),
  identity: { source: 'dcs-cookie', partitioned: false },
  cached: false,
  ...over,
});

const snapshot = (over: Partial<RelaySnapshot> = {}): RelaySnapshot => ({
  partner: 'acme',
  dcsOrigin: 'https://acme.dcs.example',
  consent: NO_CMP,
  consentLate: false,
  optedOut: false,
  frame: 'connected',
  failure: null,
  lastError: null,
  calls: 1,
  inFlight: false,
  queued: false,
  latest: event(),
  fresh: true,
  ...over,
});

const codes = (s: RelaySnapshot) => diagnose(s).reasons.map((r) => r.code);

describe('diagnose', () => {
  it('fresh segments: ok, with the segments in the summary', () => {
    expect(diagnose(snapshot())).toMatchObject({ ok: true, summary: '1 fresh segment: 5001.', reasons: [] });
  });

  it('says why segments are empty: opted out, consent refused or late, frame blocked or refused', () => {
    const none = { latest: null, fresh: false, calls: 0 };
    expect(codes(snapshot({ ...none, optedOut: true }))).toEqual(['opted-out']);
    expect(codes(snapshot({ ...none, frame: 'idle', consent: { ...NO_CMP, state: 'denied' } }))).toEqual(['no-consent']);
    expect(diagnose(snapshot({ ...none, frame: 'idle', consent: { ...NO_CMP, state: 'pending' }, consentLate: true })).summary).toMatch(/has not answered within consent.timeoutMs/);
    const blocked = diagnose(snapshot({ ...none, frame: 'failed', failure: { code: 'CONNECTION_TIMEOUT', message: 'the DCS frame did not connect within 5000 ms' } }));
    expect(blocked).toMatchObject({ ok: false, reasons: [{ code: 'blocked' }] });
    expect(blocked.summary).toContain('https://acme.dcs.example/frame.html');
    expect(codes(snapshot({ ...none, frame: 'failed', failure: { code: 'VERSION_MISMATCH', message: 'frame speaks 3-4' } }))).toEqual(['frame-failed']);
  });

  it('says when no rule matched, or traits matched but no segment rule yet', () => {
    expect(codes(snapshot({ latest: event({ segments: [], traits: [] }) }))).toEqual(['no-rule-matched']);
    const traitsOnly = diagnose(snapshot({ latest: event({ segments: [], traits: [1001] }) }));
    expect(traitsOnly.reasons[0]).toMatchObject({ code: 'no-segment-rule' });
    expect(traitsOnly.summary).toContain('1001');
  });

  it("names the DCS's error codes instead of guessing that no rule matched, with what the known ones mean", () => {
    const optedOut = diagnose(snapshot({ latest: event({ segments: [], traits: [], uuid: null }), dcsErrors: [171] }));
    expect(optedOut.reasons.map((r) => r.code)).toEqual(['dcs-error']);
    expect(optedOut.summary).toBe('The DCS answered with error 171 (a declared ID of this call opted out (partner-level opt-out): no profile, no device ID).');
    const two = diagnose(snapshot({ latest: event(), dcsErrors: [10, 4242] }));
    expect(two.ok).toBe(true);
    expect(two.reasons[0]!.message).toBe('The DCS answered with errors 10 (traits not evaluated, in part or at all (a real-time content provider failed?)), 4242.');
    // 109: the calls are the frame's, so the Referer the DCS refused is the frame's host (fidelity6).
    expect(diagnose(snapshot({ latest: event({ segments: [], traits: [] }), dcsErrors: [109] })).summary).toContain('the Referer the DCS saw is acme.dcs.example, not this page');
    // Cached segments are another page's answer: this one's errors are not theirs.
    expect(codes(snapshot({ latest: event({ cached: true }), fresh: false, dcsErrors: [315] }))).toEqual(['cached']);
  });

  // Audience Manager's table ("DCS Error Codes, Messages, and Examples"): 111 is an invalid IMS
  // token (Adobe Target integrations), 200 a profile the DCS could not read; the diagnosis
  // called them "the TC string is invalid" and "throttled" (rate limiting is HTTP 429). And it
  // named by number only what the DCS answers a browser for blocked third-party cookies (172),
  // an NAI opt-out (173), a country blocked (198, 199) or a DCS host it has no config for (1).
  it("gives each error code the meaning of Audience Manager's table, and none it does not have", () => {
    const said = (code: number): string => diagnose(snapshot({ latest: event({ segments: [], traits: [] }), dcsErrors: [code] })).summary;
    expect(said(111)).toBe('The DCS answered with error 111.');
    expect(said(200)).toBe("The DCS answered with error 200 (the DCS could not read the visitor's profile).");
    expect(said(172)).toContain('third-party cookies blocked');
    expect(said(173)).toContain('opted out through the NAI');
    expect(said(198)).toContain("the partner blocks the visitor's country");
    expect(said(199)).toContain("the DCS blocks the visitor's country");
    expect(said(1)).toContain('check the dcs option');
  });

  it('says the DCS returned no segment list at all (d_cts not enabled), not that no rule matched', () => {
    const unlisted = diagnose(snapshot({ latest: event({ segments: [], traits: [] }), unlisted: true }));
    expect(unlisted.reasons.map((r) => r.code)).toEqual(['no-segment-list']);
    expect(unlisted.summary).toMatch(/d_cts=2/);
    // Cached segments are another page's answer.
    expect(codes(snapshot({ latest: event({ cached: true, segments: [] }), fresh: false, unlisted: true }))).toEqual(['cached']);
  });

  it('names an outputs config the outputs bundle refused, though the segments are fresh', () => {
    const refused = diagnose(snapshot({ outputsProblem: '[audience-relay] invalid config: outputs.gpt.slot' }));
    expect(refused.ok).toBe(true);
    expect(refused.reasons).toEqual([{ code: 'outputs-refused', message: 'No output (GPT slots, Prebid, cookie, data layer) gets the segments: [audience-relay] invalid config: outputs.gpt.slot' }]);
    expect(codes(snapshot({ outputsProblem: null }))).toEqual([]);
  });

  it('reports a failed call, a call in flight, cached segments, partitioned and new identities, restrictions', () => {
    expect(codes(snapshot({ lastError: { code: 'DCS_TIMEOUT', message: 'slow' }, fresh: false }))).toEqual(['call-failed']);
    expect(codes(snapshot({ inFlight: true, fresh: false, latest: event({ cached: true }) }))).toEqual(['waiting', 'cached']);
    expect(codes(snapshot({ latest: event({ identity: { source: 'new', partitioned: true } }) }))).toEqual(['partitioned', 'new-identity']);
    expect(codes(snapshot({ consent: { ...NO_CMP, restricted: true } }))).toEqual(['restricted']);
    expect(diagnose(snapshot({ inFlight: true, fresh: false, latest: event({ cached: true }) })).ok).toBe(false);
  });
});
