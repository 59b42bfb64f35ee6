// A call on a destroyed relay (an app that kept the old relay after a remount) is dropped, and
// the console says so once: before, it was taken without a word and never sent.
import { describe, expect, it, vi } from 'vitest';
import type { Caller, EventParams, EventResult } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import type { BridgeConnector } from '../src/services';

const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001'], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

describe('calls after destroy()', () => {
  it('are dropped, never sent, and said once on the console', async () => {
    const calls: EventParams[] = [];
    const caller: Caller = { call: (params) => (calls.push(params), Promise.resolve(result)), handle: () => false, destroy: () => {} };
    const bridge: BridgeConnector = { connect: (handlers) => (queueMicrotask(() => handlers.onConnect(caller, 1)), { stop: () => {} }) };
    const relay = createRelay({ partner: 'acme', dcs: 'https://acme.dcs.example' }, { bridge: () => bridge });
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh' });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      relay.destroy();
      expect(() => relay.signals({ c_after: 'x' })).not.toThrow();
      relay.pageView();
      relay.traits(1);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(calls).toHaveLength(1);
      expect(error.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining('after destroy() is dropped')]);
    } finally {
      error.mockRestore();
    }
  });
});
