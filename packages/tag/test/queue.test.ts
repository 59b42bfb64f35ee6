import { describe, expect, it } from 'vitest';
import { MAX_QUEUED_CALLS, MAX_SIGNAL_BYTES, MAX_SIGNAL_KEYS } from '@audience-relay/protocol';
import { command, createCallQueue } from '../src/queue';
import { nextTask } from './next-task';

const tick = (): Promise<void> => Promise.resolve();

describe('the call queue', () => {
  it('commands of one tick share one call; the next tick starts another', async () => {
    const queue = createCallQueue();
    queue.add(command({ signals: { c_a: ['1'] } }));
    queue.add(command({ signals: { c_b: ['2'] }, traits: [7] }));
    await tick();
    queue.add(command({ signals: { c_c: ['3'] } }));
    expect(queue.drain()).toEqual([
      { signals: { c_a: ['1'], c_b: ['2'] }, traits: [7], url: null, pageView: false, ids: [], seq: 1 },
      { signals: { c_c: ['3'] }, traits: [], url: null, pageView: false, ids: [], seq: 2 },
    ]);
  });

  it('a trait ID given again starts the next call: each realization reaches the DCS (frequency rules count them)', () => {
    const queue = createCallQueue();
    queue.add(command({ traits: [1004] }));
    queue.add(command({ traits: [1005] }));
    queue.add(command({ traits: [1004, 1006] }));
    expect(queue.drain().map((call) => call.traits)).toEqual([[1004, 1005], [1004, 1006]]);
  });

  it('a call keeps the declared IDs of its tick: an ids change in the same tick joins it, a later one does not reach a call already closed', async () => {
    const queue = createCallQueue();
    const alice = [{ source: 21, id: 'alice', authState: null }];
    const bob = [{ source: 21, id: 'bob', authState: null }];
    queue.add(command({ signals: { c_a: ['1'] }, ids: [] }));
    // Given in the same tick as the signals: they were given together.
    queue.add(command({ ids: alice }));
    await tick();
    queue.add(command({ signals: { c_b: ['2'] }, ids: alice }));
    await tick();
    // bob logs in while both wait: the closed calls keep alice.
    queue.add(command({ ids: bob }));
    queue.add(command({ signals: { c_c: ['3'] }, ids: bob }));
    expect(queue.drain().map((c) => [c.signals, c.ids])).toEqual([
      [{ c_a: ['1'] }, alice],
      [{ c_b: ['2'] }, alice],
      [{ c_c: ['3'] }, bob],
    ]);
  });

  it('never overwrites a value: the same key again, even in the same tick, goes out as the next call, in order', () => {
    const queue = createCallQueue();
    queue.add(command({ signals: { c_a: ['1'] } }));
    queue.add(command({ signals: { c_a: ['2'] } }));
    queue.add(command({ signals: { c_a: ['3'] } }));
    expect(queue.drain().map((c) => c.signals)).toEqual([{ c_a: ['1'] }, { c_a: ['2'] }, { c_a: ['3'] }]);
  });

  it('a page view is its own call with its own URL; signals of its tick join it', () => {
    const queue = createCallQueue();
    queue.add(command({ pageView: { url: 'https://pub.example/a' } }));
    queue.add(command({ signals: { c_a: ['1'] } }));
    queue.add(command({ pageView: { url: 'https://pub.example/b' } }));
    queue.add(command({ pageView: { url: 'https://pub.example/c' } }));
    expect(queue.drain()).toEqual([
      { signals: { c_a: ['1'] }, traits: [], url: 'https://pub.example/a', pageView: true, ids: [], seq: 1 },
      { signals: {}, traits: [], url: 'https://pub.example/b', pageView: true, ids: [], seq: 2 },
      { signals: {}, traits: [], url: 'https://pub.example/c', pageView: true, ids: [], seq: 3 },
    ]);
  });

  it('splits calls that would together pass the limits of one event call (keys, bytes)', () => {
    const queue = createCallQueue();
    const keys = (from: number, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c_k${from + i}`, ['v']]));
    queue.add(command({ signals: keys(0, MAX_SIGNAL_KEYS - 1) }));
    queue.add(command({ signals: keys(1000, 2) }));
    const big = 'x'.repeat(1000);
    const bytes = (from: number, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c_b${from + i}`, [big]]));
    queue.add(command({ signals: bytes(0, Math.floor(MAX_SIGNAL_BYTES / 1010) - 1) }));
    queue.add(command({ signals: bytes(100, 3) }));
    const calls = queue.drain();
    expect(calls.map((c) => Object.keys(c.signals).length)).toEqual([MAX_SIGNAL_KEYS - 1, 2 + Math.floor(MAX_SIGNAL_BYTES / 1010) - 1, 3]);
  });

  it('holds at most MAX_QUEUED_CALLS calls: past that, add says false and nothing is queued', () => {
    const queue = createCallQueue();
    for (let i = 0; i < MAX_QUEUED_CALLS; i++) expect(queue.add(command({ pageView: { url: `https://pub.example/${i}` } }))).toBe(true);
    expect(queue.add(command({ pageView: { url: 'https://pub.example/over' } }))).toBe(false);
    expect(queue.length).toBe(MAX_QUEUED_CALLS);
    // A command that fits the open call still joins it.
    expect(queue.add(command({ signals: { c_a: ['1'] } }))).toBe(true);
  });

  it('a call taken off the queue is closed: later commands of the same tick go to a new call', () => {
    const queue = createCallQueue();
    queue.add(command({ signals: { c_a: ['1'] } }));
    const first = queue.take();
    queue.add(command({ signals: { c_b: ['2'] } }));
    expect(first?.signals).toEqual({ c_a: ['1'] });
    expect(queue.drain().map((c) => c.signals)).toEqual([{ c_b: ['2'] }]);
  });

  it('a call held to the end of its task (a route change) is not taken before, and commands after its tick\'s microtasks still join it', async () => {
    const queue = createCallQueue();
    queue.add(command({ pageView: { url: 'https://spa.example/back' } }), true);
    await tick();
    // Not sent yet: the router's popstate listener runs after the microtasks of our listener.
    expect(queue.take()).toBeUndefined();
    queue.add(command({ signals: { c_section: ['back'] } }));
    await nextTask();
    expect(queue.take()).toMatchObject({ pageView: true, url: 'https://spa.example/back', signals: { c_section: ['back'] } });
    // Closed now: the next command is a call of its own.
    queue.add(command({ signals: { c_later: ['1'] } }));
    expect(queue.drain()).toMatchObject([{ pageView: false, signals: { c_later: ['1'] } }]);
  });

  it('the page hidden takes a held call too (take(true)): nothing waits for a task that may never come', () => {
    const queue = createCallQueue();
    queue.add(command({ pageView: { url: 'https://spa.example/back' } }), true);
    expect(queue.take()).toBeUndefined();
    expect(queue.take(true)).toMatchObject({ url: 'https://spa.example/back' });
  });

  it('a page whose setTimeout throws (as the tag started): the route\'s call is queued whole, not held, and goes', () => {
    const real = globalThis.setTimeout;
    globalThis.setTimeout = (() => {
      throw new Error('broken by the page');
    }) as unknown as typeof setTimeout;
    try {
      const queue = createCallQueue();
      expect(queue.add(command({ pageView: { url: 'https://spa.example/x' } }), true)).toBe(true);
      expect(queue.take()).toMatchObject({ url: 'https://spa.example/x' });
    } finally {
      globalThis.setTimeout = real;
    }
  });

  it('a page that breaks setTimeout after the tag started: the hold still ends, with the timer taken at start, and says so', async () => {
    let released = 0;
    const queue = createCallQueue(() => released++);
    const real = globalThis.setTimeout;
    globalThis.setTimeout = (() => {
      throw new Error('broken by the page');
    }) as unknown as typeof setTimeout;
    try {
      expect(queue.add(command({ pageView: { url: 'https://spa.example/x' } }), true)).toBe(true);
    } finally {
      globalThis.setTimeout = real;
    }
    expect(queue.take()).toBeUndefined();
    await new Promise((resolve) => real(resolve, 5));
    expect(released).toBe(1);
    expect(queue.take()).toMatchObject({ url: 'https://spa.example/x' });
  });
});
