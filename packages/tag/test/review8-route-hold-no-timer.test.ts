// review8: a route change's page view is held to the end of its task, released by the page's
// `setTimeout` (queue.ts `untilTask`, event-calls.ts). Timers are read from the page at each
// use: a page that replaced `setTimeout` after the tag started with one that does nothing (a
// "timer freezer", a test harness, a broken polyfill that swallows zero-delay callbacks) never
// releases it, and it heads the one queue: that page view and every call after it are never
// sent, for the page's life. The queue's own throwing-setTimeout case (queue.test.ts) holds;
// a silent no-op does not.
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller, EventParams, EventResult } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import { command, createCallQueue } from '../src/queue';
import type { BridgeConnector, PageContext } from '../src/services';

const realSetTimeout = globalThis.setTimeout;
afterEach(() => {
  globalThis.setTimeout = realSetTimeout;
});

const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001'], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

/** The page's later patch: a setTimeout that takes the callback and never runs it. */
const freezeTimers = (): void => {
  globalThis.setTimeout = (() => 0) as unknown as typeof setTimeout;
};

describe('review8: a route page view held open, on a page whose setTimeout became a no-op after start', () => {
  // Fixed (session j) in packages/tag/src/queue.ts: the queue ends a hold with the timer it took
  // when it was made (the tag's start), and tells event-calls.ts to send the call then.
  it('the queue: a call held to the end of its task is taken after that task', async () => {
    const queue = createCallQueue();
    freezeTimers();
    queue.add(command({ pageView: { url: 'https://pub.example/b' } }), true);
    globalThis.setTimeout = realSetTimeout;
    // Well after the task that added it.
    await new Promise((resolve) => realSetTimeout(resolve, 20));
    expect(queue.take()).toMatchObject({ pageView: true, url: 'https://pub.example/b' });
  });

  // Fixed (session j), as above.
  it('the relay: the route page view and every later call are never sent', async () => {
    const calls: EventParams[] = [];
    const caller: Caller = { call: (params) => (calls.push(params), Promise.resolve(result)), handle: () => false, destroy: () => {} };
    const bridge: BridgeConnector = {
      connect(handlers) {
        queueMicrotask(() => handlers.onConnect(caller, 1));
        return { stop: () => {} };
      },
    };
    let url = 'https://pub.example/a';
    let routeChanged = (): void => {};
    const page: PageContext = {
      url: () => url,
      onRouteChange: (listener) => ((routeChanged = listener), () => {}),
      onRestore: () => () => {},
    };
    const relay = createRelay({ partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 1000, autoPageView: true }, { bridge: () => bridge, page });
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh' });
    expect(calls).toHaveLength(1);

    freezeTimers();
    url = 'https://pub.example/b';
    routeChanged();
    relay.signals({ c_after: 'x' });
    // The rest of the page keeps its timers working for the test's own deadline.
    globalThis.setTimeout = realSetTimeout;

    await expect(relay.ready({ timeoutMs: 500 })).resolves.toMatchObject({ status: 'fresh' });
    expect(calls.map((c) => [c.url, c.signals])).toEqual([
      ['https://pub.example/a', {}],
      ['https://pub.example/b', { c_after: ['x'] }],
    ]);
  });
});
