// trial9: docs/qa-kit.md tells QA to use `(await diagnose(page)).summary` as a failing test's
// message. With the outputs refused (a misspelt `outputs.gpt.slot`, `outputs.cookieDestination`)
// the segments are fresh, `ok` is true, and the summary is "1 fresh segment: 5001." alone: a test
// of the GPT key, the Prebid entry or the segment cookie fails with "1 fresh segment" as its
// reason, while `reasons[0]` says the outputs got nothing (seen from the QA kit against a CDN-tag
// page with `outputs: { cookieDestination: false }`: summary "1 fresh segment: 10.", reasons
// [outputs-refused, …]).
import { describe, expect, it } from 'vitest';
import { NO_CMP } from '../../src/consent/consent';
import { diagnose } from '../../src/debug/diagnose';
import type { RelaySnapshot } from '../../src/types';

const snapshot: RelaySnapshot = {
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
  latest: { segments: ['5001'], traits: [1001], uuid: '1'.repeat(38), identity: { source: 'dcs-cookie', partitioned: false }, cached: false },
  fresh: true,
  outputsProblem: '[audience-relay] invalid config: outputs.gpt.slot',
};

describe('trial9: the summary when the outputs were refused', () => {
  // Fixed (session j) in debug/diagnose.ts: the summary names the refused outputs.
  it('names the refused outputs beside the fresh segments', () => {
    const { ok, summary } = diagnose(snapshot);
    expect(ok).toBe(true);
    expect(summary).toContain('5001');
    expect(summary).toContain('outputs.gpt.slot');
  });
});
