// attack9: event-calls.ts keeps ONE retry counter (`busyTries`) for the relay's life, reset only by
// an answer. A DCS that was busy for 14 s (a deploy, a rate limit window: four refusals of one
// call) leaves it at 3, so every later call refused even once (one 429 after the DCS came back)
// fails at once, never retried, for the rest of the page's life: its signals are lost, where the
// first call's were retried three times.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RelayError, type Caller, type EventParams, type EventResult } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import type { BridgeConnector } from '../src/services';

const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001'], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

describe('attack9: DCS_BUSY retries are per call', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => void vi.useRealTimers());

  // Fixed (session j) in event-calls.ts: a call that finally fails resets the retry count.
  it('a call refused once, after an earlier call used up its retries, still goes again', async () => {
    const sent: EventParams[] = [];
    // Busy for the first call's four tries, and for the next call's first try; then answers.
    const caller: Caller = {
      call: (params) => (sent.push(params), sent.length <= 5 ? Promise.reject(new RelayError('DCS_BUSY', 'DCS answered HTTP 429')) : Promise.resolve(result)),
      handle: () => false,
      destroy: () => {},
    };
    const bridge: BridgeConnector = { connect: (handlers) => (queueMicrotask(() => handlers.onConnect(caller, 1)), { stop: () => {} }) };
    const relay = createRelay({ partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 30_000 }, { bridge: () => bridge });
    await expect((async () => {
      const first = relay.ready();
      await vi.advanceTimersByTimeAsync(2000 + 4000 + 8000);
      return first;
    })()).resolves.toMatchObject({ status: 'error', error: { code: 'DCS_BUSY' } });
    expect(sent).toHaveLength(4);
    relay.signals({ c_later: 'x' });
    const later = relay.ready();
    await vi.advanceTimersByTimeAsync(2000);
    // On ffbc4a0: 5 (the later call refused once and dropped with DCS_BUSY, never retried).
    expect(sent).toHaveLength(6);
    expect(sent[5]!.signals).toEqual({ c_later: ['x'] });
    await expect(later).resolves.toMatchObject({ status: 'fresh' });
  });
});
