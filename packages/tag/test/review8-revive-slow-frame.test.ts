// review8: connection.ts revive() mounts again, on the page's next call, any frame that has
// not connected by its deadline (CONNECTION_TIMEOUT), including one still loading. Before,
// a slow frame (frame.html over a slow network, a DCS host under load: longer than
// connectTimeoutMs, 5 s by default) still connected late, and the queued calls went. Now a page
// that makes calls more often than the frame takes to load (scroll depth, video progress, a
// live page) removes the loading frame at each call and starts another, which is slow again:
// the relay never connects, the queue fills, and every call is lost for the page's life.
import { describe, expect, it, vi } from 'vitest';
import type { Caller, EventParams, EventResult } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import type { BridgeConnector } from '../src/services';

const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001'], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

describe('review8: a frame slower than the connect deadline, on a page that keeps calling', () => {
  // Fixed (session i) in packages/tag/src/bridge/connection.ts revive (remount a frame known dead: loaded without a hello, removed, or failed; not one still loading) or browser-bridge.ts; expected: the slow frame connects and the calls go
  it('connects late and sends the calls, as before revive', async () => {
    const calls: EventParams[] = [];
    let mounts = 0;
    const caller: Caller = { call: (params) => (calls.push(params), Promise.resolve(result)), handle: () => false, destroy: () => {} };
    const bridge: BridgeConnector = {
      connect(handlers) {
        mounts++;
        // Each frame takes 120 ms to load and say hello; one removed before that never does.
        const loading = setTimeout(() => handlers.onConnect(caller, 1), 120);
        return { stop: () => clearTimeout(loading) };
      },
    };
    const relay = createRelay({ partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 3000, connectTimeoutMs: 50 }, { bridge: () => bridge });
    let n = 0;
    const ticking = setInterval(() => relay.signals({ c_tick: String(++n) }), 30);
    try {
      await vi.waitFor(() => expect(calls.length).toBeGreaterThan(0), { timeout: 1500, interval: 20 });
    } finally {
      clearInterval(ticking);
      relay.destroy();
    }
    expect(mounts).toBeLessThan(5);
  });
});
