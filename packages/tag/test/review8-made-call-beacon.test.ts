// review8: a call the frame said it made (`sent` on the port) and whose port then died (the
// frame reloaded: its element moved) is put back marked `made`, to go again without its
// signals (event-calls.ts pump). But if the page is hidden before the next frame connects,
// flush() sends the queued calls as beacons straight to the DCS with options.params(call):
// the made call goes with its signals, traits and URL, and the DCS counts them twice.
import { describe, expect, it } from 'vitest';
import { RelayError, type Caller, type EventResult } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import type { BridgeConnector, PageContext } from '../src/services';

const result: EventResult = { uuid: '1'.repeat(38), segments: [], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

describe('review8: a made call flushed as a beacon when the page hides', () => {
  // Fixed (session i) in packages/tag/src/event-calls.ts flush (strip a made call's signals/traits/url as pump does, or skip it); expected: the beacon does not carry the signals the DCS already has
  it('the beacon of a call the frame made carries none of its signals again', async () => {
    let sentCount = 0;
    const caller: Caller = {
      call: (_params, _timeoutMs, _method, onSent) => {
        sentCount++;
        // The frame says it is calling the DCS, then reloads before the answer: the port dies.
        onSent?.();
        return sentCount === 1 ? Promise.resolve(result) : Promise.reject(new RelayError('DESTROYED', 'the frame reloaded'));
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
    let hide = (_unloading: boolean): void => {};
    const page: PageContext = {
      url: () => 'https://www.pub.example/',
      onRouteChange: () => () => {},
      onRestore: () => () => {},
      onHide: (listener) => ((hide = listener), () => {}),
    };
    const beacons: string[] = [];
    const relay = createRelay(
      { partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 1000 },
      { bridge: () => bridge, page, beacon: (_url, body) => (beacons.push(body), true) },
    );
    await relay.ready();
    relay.signals({ c_section: 'sports' });
    // The call was sent (the frame said so), then its port died; it waits for the next frame.
    while (sentCount < 2) await new Promise((resolve) => setTimeout(resolve));
    await new Promise((resolve) => setTimeout(resolve));
    expect(relay.snapshot().queueLength).toBe(1);
    // The visitor leaves before the next frame connects.
    hide(true);
    // Skipped: the DCS has it. Taken off the queue, and no beacon carries its signals again.
    expect(relay.snapshot().queueLength).toBe(0);
    expect(beacons.filter((body) => body.includes('c_section'))).toEqual([]);
  });
});
