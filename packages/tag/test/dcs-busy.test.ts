// A call the DCS refuses for now (HTTP 429 or 503, after the frame's one retry: DCS_BUSY) was
// not taken: Audience Manager asks clients to "retry the API calls at a later time". It was
// lost with an error before (fidelity review, e2e/rate-limited-retry-later.spec.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RelayError, type Caller, type EventParams, type EventResult } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import type { BridgeConnector } from '../src/services';

const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001'], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

/** A connected relay whose DCS refuses the first `refusals` calls with DCS_BUSY. */
function relayWithBusyDcs(refusals: number) {
  const sent: EventParams[] = [];
  const caller: Caller = {
    call: (params) => {
      sent.push(params);
      return sent.length <= refusals ? Promise.reject(new RelayError('DCS_BUSY', 'DCS answered HTTP 429')) : Promise.resolve(result);
    },
    handle: () => false,
    destroy: () => {},
  };
  const bridge: BridgeConnector = {
    connect(handlers) {
      queueMicrotask(() => handlers.onConnect(caller, 1));
      return { stop: () => {} };
    },
  };
  const relay = createRelay({ partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 30_000 }, { bridge: () => bridge });
  return { relay, sent };
}

describe('a call the DCS refused for now (DCS_BUSY)', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => void vi.useRealTimers());

  it('goes again after 2 s, then 4 s, once each, and its answer counts', async () => {
    const { relay, sent } = relayWithBusyDcs(2);
    relay.signals({ c_section: 'sports' });
    const ready = relay.ready();
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3999);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(3);
    // The same call each time: the page view's signals, once.
    expect(sent.map((p) => p.signals)).toEqual([{ c_section: ['sports'] }, { c_section: ['sports'] }, { c_section: ['sports'] }]);
    await expect(ready).resolves.toMatchObject({ status: 'fresh', segments: ['5001'] });
  });

  it('a call made while the DCS rests waits behind it, and goes after it', async () => {
    const { relay, sent } = relayWithBusyDcs(1);
    relay.signals({ c_a: '1' });
    await vi.advanceTimersByTimeAsync(10);
    relay.signals({ c_b: '2' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((p) => Object.keys(p.signals))).toEqual([['c_a'], ['c_a'], ['c_b']]);
  });

  it('refused a fourth time, it fails: ready says error DCS_BUSY', async () => {
    const { relay, sent } = relayWithBusyDcs(10);
    const ready = relay.ready();
    await vi.advanceTimersByTimeAsync(2000 + 4000 + 8000);
    expect(sent).toHaveLength(4);
    await expect(ready).resolves.toMatchObject({ status: 'error', error: { code: 'DCS_BUSY' } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(4);
  });
});
