// Listeners that call the API back while the relay is telling them something (outside review,
// branch attack3). `update` hands one event to each listener in turn; a listener that makes the
// relay update again (optOut, destroy) starts a second round inside the first, and the first
// round then goes on handing its older event to the listeners after it: they end on the old one.
import { describe, expect, it } from 'vitest';
import type { Caller, EventResult } from '@audience-relay/protocol';
import { createRelay } from '../../src/relay';
import type { BridgeConnector } from '../../src/services';
import type { SegmentsEvent } from '../../src/types';

const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001', '5002'], traits: [1001], cookies: [], identity: { source: 'new', partitioned: false } };

function connectedRelay() {
  const caller: Caller = { call: () => Promise.resolve(result), handle: () => false, destroy: () => {} };
  const bridge: BridgeConnector = {
    connect(handlers) {
      queueMicrotask(() => handlers.onConnect(caller, 2));
      return { stop: () => {} };
    },
  };
  return createRelay({ partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 300 }, { bridge: () => bridge });
}

describe('a segments listener that opts the visitor out', () => {
  // Fixed in emitter.ts: a segments round stops once a listener made newer segments (they were
  // told to every listener in their own round).
  it('every later listener ends on the opted-out state, not on the segments before it', async () => {
    const relay = connectedRelay();
    const seen: string[][] = [];
    // A privacy control reacting to the first fresh segments (a visitor's "do not target me"
    // choice applied once the tag is live).
    relay.on('segments', (event: SegmentsEvent) => {
      if (event.segments.length > 0 && !event.cached) void relay.optOut();
    });
    // The ad stack's own listener, after it.
    relay.on('segments', (event: SegmentsEvent) => void seen.push(event.segments));
    const ready = await relay.ready();
    expect(ready.status).toBe('opted-out');
    expect(relay.getSegments()).toEqual([]);
    // Today: [[], ['5001', '5002']]: told "none" (the opt-out), then the older fresh segments.
    expect(seen.at(-1)).toEqual([]);
  });
});

describe('a segments listener added just before an opt-out in the same task', () => {
  // `on('segments')` hands a new listener the current segments in a microtask; an opt-out (or
  // a withdrawal) in the same task told it "none" at once, and the microtask then handed it
  // the older segments: it ended on segments the visitor had just refused.
  it('ends on the opted-out state, not on the segments before it', async () => {
    const relay = connectedRelay();
    await relay.ready();
    const seen: string[][] = [];
    relay.on('segments', (event: SegmentsEvent) => void seen.push(event.segments));
    void relay.optOut();
    await new Promise((resolve) => setTimeout(resolve));
    expect(seen).toEqual([[]]);
  });

  it('still gets the current segments when nothing newer came', async () => {
    const relay = connectedRelay();
    await relay.ready();
    const seen: string[][] = [];
    relay.on('segments', (event: SegmentsEvent) => void seen.push(event.segments));
    await new Promise((resolve) => setTimeout(resolve));
    expect(seen).toEqual([['5001', '5002']]);
  });
});
