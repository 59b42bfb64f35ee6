// @vitest-environment happy-dom
// Outside review (attack16): re-entrancy through the outputs, not the listeners. A page's
// data-layer handler (GTM processes `dataLayer.push` synchronously and runs its tags there) or a
// `audience-relay:segments` DOM listener (dispatched synchronously) that opts the visitor out on
// the first fresh segments: the opt-out tells every output and listener "none" at once, then the
// outputs after the re-entrant one, and every `on('segments')` listener, were handed the older
// segments the visitor had just refused, and ended on them (attack3 fixed this for listeners only).
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller, EventResult } from '@audience-relay/protocol';
import { createRelay } from '../../src/relay';
import { browserOutputs } from '../../src/outputs';
import { DOM_EVENT } from '../../src/outputs/page-events';
import type { AudienceRelay, SegmentsEvent } from '../../src/types';
import type { BridgeConnector } from '../../src/services';

const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001', '5002'], traits: [1001], cookies: [], identity: { source: 'new', partitioned: false } };
const host = window as unknown as Record<string | symbol, unknown>;

afterEach(() => {
  delete host[Symbol.for('audience-relay.claims')];
  delete host.dataLayer;
});

function relayWithOutputs(): AudienceRelay {
  const caller: Caller = { call: () => Promise.resolve(result), handle: () => false, destroy: () => {} };
  const bridge: BridgeConnector = { connect: (handlers) => (queueMicrotask(() => handlers.onConnect(caller, 2)), { stop: () => {} }) };
  return createRelay(
    { partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 300, outputs: { dataLayer: true, domEvent: true } },
    { bridge: () => bridge, outputs: (config) => browserOutputs(window, config.partner, config.outputs) },
  );
}

describe('an output whose page handler opts the visitor out on the first fresh segments', () => {
  it('every later output and every segments listener ends on the opted-out state', async () => {
    let relay: AudienceRelay | null = null;
    // The page's data layer, processed synchronously as GTM's is: a "do not target me" tag
    // reacting to the first fresh segments.
    host.dataLayer = {
      push(item: { segments: string[]; cached: boolean }) {
        if (item.segments.length > 0 && !item.cached) void relay!.optOut();
      },
    };
    const dom: string[][] = [];
    const listener = (e: Event): void => void dom.push((e as CustomEvent<SegmentsEvent>).detail.segments);
    document.addEventListener(DOM_EVENT, listener);
    try {
      relay = relayWithOutputs();
      const seen: string[][] = [];
      relay.on('segments', (event: SegmentsEvent) => void seen.push(event.segments));
      const ready = await relay.ready();
      expect(ready.status).toBe('opted-out');
      expect(relay.getSegments()).toEqual([]);
      // Before the fix: the DOM event output (after the data layer) ended on ['5001', '5002'],
      // and so did the segments listener.
      expect(dom.at(-1)).toEqual([]);
      expect(seen.at(-1)).toEqual([]);
    } finally {
      document.removeEventListener(DOM_EVENT, listener);
    }
  });
});
