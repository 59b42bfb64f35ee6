// @vitest-environment happy-dom
// review8: relay.ts optedOutElsewhere takes "our segment cache or device-ID copy is gone from
// localStorage" for "consent was withdrawn on another page of the site", and closes the gate as
// a refusal, for the page's life (forgetting the segments, the outputs, the cookies).
//
// 1. False positive: the page itself, or another tab of it, empties localStorage for its own
//    reasons: an SPA's logout (`localStorage.clear()` is the common idiom), a `Clear-Site-Data:
//    "storage"` answer to a sign-out. The CMP still says granted, and nothing was withdrawn:
//    every later call of this page is held as no-consent.
// 2. Let through: `allowed()` reads the gate before optedOutElsewhere() closes it, so the
//    check that finds the withdrawal answers "allowed": an answer arriving then is kept (the
//    device-ID copy written again, the segments applied to the outputs after the forget).
// 3. Undone: the tag's own "denied" is one more reading, replaced by the CMP's next one; a CMP
//    that reports again (a GPP or TCF event, a CMP the look-up finds late) with the same stale
//    grant reopens the gate and the next answer is stored again: the attack7 case the check was
//    for (the other tab withdrew consent; this tab writes the segment cookie again).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Caller, EventParams, EventResult } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import { segmentCache } from '../src/segment-cache';
import { deviceIdCopy } from '../src/device-id-copy';
import type { BridgeConnector } from '../src/services';
import type { Consent } from '../src/types';
import { nextTask } from './next-task';

const GRANTED = { gdpr: true, tcString: 'CPstale-granted', gpp: null, gppSid: [], usPrivacy: null, restricted: false, state: 'granted' } as unknown as Consent;
const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001'], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

afterEach(() => localStorage.clear());

function setup(answer: () => Promise<EventResult> = () => Promise.resolve(result)) {
  const calls: EventParams[] = [];
  const applied: string[][] = [];
  const caller: Caller = { call: (params) => (calls.push(params), answer()), handle: () => false, destroy: () => {} };
  const bridge: BridgeConnector = {
    connect(handlers) {
      queueMicrotask(() => handlers.onConnect(caller, 1));
      return { stop: () => {} };
    },
  };
  let report: (consent: Consent) => void = () => {};
  // The `storage` event of another page's tag forgetting our cached segments (create.ts).
  let forgotten: () => void = () => {};
  const relay = createRelay(
    { partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 500 },
    {
      bridge: () => bridge,
      cache: () => segmentCache(() => localStorage, 'acme', 86_400_000),
      deviceIds: () => deviceIdCopy(() => localStorage, 'acme'),
      consent: (_config, onChange) => void ((report = onChange), onChange(GRANTED)),
      outputs: () => ({ segments: (e) => void applied.push(e.segments), cookies: () => {} }),
      forgottenElsewhere: (_config, listener) => ((forgotten = listener), () => {}),
    },
  );
  /** Another tab withdrew consent: its tag forgot our records, which this page hears. */
  const withdrawnInAnotherTab = (): void => {
    localStorage.removeItem('ar_seg_acme');
    localStorage.removeItem('ar_uuid_acme');
    forgotten();
  };
  return { relay, calls, applied, cmp: (c: Consent) => report(c), withdrawnInAnotherTab };
}

describe('review8: storage gone taken for consent withdrawn elsewhere', () => {
  // Fixed (session i): a withdrawal elsewhere is heard as the other page's tag forgetting our
  // cached segments (a `storage` event for our key, create.ts), not by our records gone; a page
  // emptying its storage (`localStorage.clear()`) is no such event.
  it('the page clears localStorage at logout: its next signals are still sent', async () => {
    const { relay, calls } = setup();
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh' });
    // The cache is written in the task after the answer.
    await nextTask();
    expect(localStorage.getItem('ar_seg_acme')).toMatch(/\|5001$/);
    // The app's logout, in this very page.
    localStorage.clear();
    relay.signals({ c_page: 'signed-out-home' });
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh' });
    expect(calls).toHaveLength(2);
  });

  // Fixed (session i) in packages/tag/src/relay.ts (`stale`): the gate stays closed until the CMP gives a new reading.
  it('another tab withdrew consent; this tab\'s CMP reports its stale grant again: the next call\'s answer is not stored again', async () => {
    const { relay, cmp, applied, withdrawnInAnotherTab } = setup();
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh' });
    await nextTask();
    withdrawnInAnotherTab();
    relay.signals({ c_next: 'x' });
    await expect(relay.ready()).resolves.toMatchObject({ status: 'no-consent' });
    // This tab's CMP reports again, with the answer it had (a GPP/TCF event; a late CMP found).
    cmp(GRANTED);
    relay.signals({ c_later: 'y' });
    await relay.ready();
    await nextTask();
    expect(localStorage.getItem('ar_uuid_acme')).toBeNull();
    expect(localStorage.getItem('ar_seg_acme')).toBeNull();
    expect(applied.at(-1)).toEqual([]);
  });

  // Fixed (session i): the withdrawal is heard when the other page forgets (a `storage` event),
  // which closes the gate before the answer in flight lands.
  it('the answer that finds the withdrawal is still kept: device ID written again, segments applied after the forget', async () => {
    let answer: (r: EventResult) => void = () => {};
    const { relay, applied, calls, withdrawnInAnotherTab } = setup(() => new Promise((resolve) => (answer = resolve)));
    const first = relay.ready();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    answer(result);
    await expect(first).resolves.toMatchObject({ status: 'fresh' });
    await nextTask();
    relay.signals({ c_next: 'x' });
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    // In flight; meanwhile another tab withdrew consent.
    withdrawnInAnotherTab();
    answer({ ...result, segments: ['5002'] });
    await expect(relay.ready()).resolves.toMatchObject({ status: 'no-consent' });
    await nextTask();
    expect(localStorage.getItem('ar_uuid_acme')).toBeNull();
    expect(applied.at(-1)).toEqual([]);
  });
});
