import { afterEach, describe, expect, it, vi } from 'vitest';
import { RelayError, type Caller, type EventParams, type EventResult } from '@audience-relay/protocol';
import { createRelay, type BridgeConnector } from '../src/relay';

const config = { partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 300 };
const result = (segments: string[]): EventResult => ({ uuid: '1'.repeat(38), segments, traits: [1001], cookies: [], identity: { source: 'new', partitioned: false } });

/** A bridge whose frame answers through `answer`; `connect()` completes the handshake. */
function fakeBridge(answer: (params: EventParams) => Promise<EventResult>) {
  const calls: EventParams[] = [];
  let handlers: Parameters<BridgeConnector['connect']>[0] | null = null;
  const stop = vi.fn();
  const caller: Caller = {
    call: (params) => {
      calls.push(structuredClone(params));
      return answer(params);
    },
    handle: () => false,
    destroy: () => {},
  };
  const bridge: BridgeConnector = {
    connect(h) {
      handlers = h;
      return { stop };
    },
  };
  return {
    bridge,
    calls,
    stop,
    connect: (c: Caller = caller) => handlers?.onConnect(c),
    fail: (error: RelayError) => handlers?.onFail(error),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('relay', () => {
  it('makes one page-view event call that carries every signal given in the same tick', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    relay.signals({ c_section: 'sports' });
    relay.signals({ p_age: 23, c_tag: ['a', 'b'] });
    relay.traits([1234]);
    fake.connect();
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh', segments: ['5001'] });
    expect(fake.calls).toEqual([{ signals: { c_section: ['sports'], p_age: ['23'], c_tag: ['a', 'b'] }, traits: [1234], uuid: null, coppa: false, ids: [], url: null }]);
  });

  it('queues signals given before the frame connects and sends them once, in one call', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    relay.signals({ c_a: 1 });
    await Promise.resolve();
    relay.signals({ c_b: 2 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.calls).toEqual([]);
    fake.connect();
    await relay.ready();
    expect(fake.calls).toEqual([{ signals: { c_a: ['1'], c_b: ['2'] }, traits: [], uuid: null, coppa: false, ids: [], url: null }]);
  });

  it('keeps one call in flight: signals given during a call go out in the next one', async () => {
    let release: (r: EventResult) => void = () => {};
    const fake = fakeBridge((params) =>
      params.signals.c_late ? Promise.resolve(result(['5002'])) : new Promise((resolve) => (release = resolve)),
    );
    const relay = createRelay(config, { bridge: () => fake.bridge });
    fake.connect();
    await Promise.resolve();
    relay.signals({ c_late: 'yes' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.calls).toHaveLength(1);
    release(result(['5001']));
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh', segments: ['5002'] });
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1]).toEqual({ signals: { c_late: ['yes'] }, traits: [], uuid: null, coppa: false, ids: [], url: null });
  });

  it('ready settles with timeout by its deadline when the DCS is slow, and never later than that', async () => {
    vi.useFakeTimers();
    const fake = fakeBridge(() => new Promise(() => {}));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    fake.connect();
    const ready = relay.ready({ timeoutMs: 250 });
    let settled: unknown = null;
    void ready.then((r) => (settled = r));
    await vi.advanceTimersByTimeAsync(249);
    expect(settled).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toMatchObject({ status: 'timeout', segments: [], error: { code: 'CALL_TIMEOUT' } });
  });

  it('ready reports blocked when the frame never connects, with the best segments available', async () => {
    vi.useFakeTimers();
    const fake = fakeBridge(async () => result([]));
    const relay = createRelay({ ...config, timeoutMs: 30000, connectTimeoutMs: 2000 }, { bridge: () => fake.bridge });
    const ready = relay.ready();
    await vi.advanceTimersByTimeAsync(2000);
    await expect(ready).resolves.toMatchObject({ status: 'blocked', segments: [], error: { code: 'CONNECTION_TIMEOUT' } });
  });

  it('ready reports error with the reason when the frame refuses', async () => {
    const fake = fakeBridge(async () => result([]));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    fake.fail(new RelayError('VERSION_MISMATCH', 'no common version'));
    await expect(relay.ready()).resolves.toMatchObject({ status: 'error', error: { code: 'VERSION_MISMATCH', message: 'no common version' } });
  });

  it('ready reports error when the event call fails, and fresh again after a later call succeeds', async () => {
    let fail = true;
    const fake = fakeBridge(async () => {
      if (fail) throw new RelayError('DCS_ERROR', 'DCS answered HTTP 500');
      return result(['5001']);
    });
    const relay = createRelay(config, { bridge: () => fake.bridge });
    fake.connect();
    await expect(relay.ready()).resolves.toMatchObject({ status: 'error', error: { code: 'DCS_ERROR' } });
    fail = false;
    relay.signals({ c_retry: 1 });
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh', segments: ['5001'] });
  });

  it('sends a call again on the new port when the frame reloads mid-call, exactly once', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    const lost: Caller = {
      call: (params) => {
        fake.calls.push(structuredClone(params));
        return Promise.reject(new RelayError('DESTROYED', 'the frame reloaded'));
      },
      handle: () => false,
      destroy: () => {},
    };
    relay.signals({ c_once: 1 });
    fake.connect(lost);
    await new Promise((resolve) => setTimeout(resolve, 10));
    fake.connect();
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh' });
    expect(fake.calls).toEqual([
      { signals: { c_once: ['1'] }, traits: [], uuid: null, coppa: false, ids: [], url: null },
      { signals: { c_once: ['1'] }, traits: [], uuid: null, coppa: false, ids: [], url: null },
    ]);
  });

  it('on("segments") delivers every fresh result, the last one at once to late listeners, and survives a throwing listener', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const early = vi.fn();
    relay.on('segments', () => {
      throw new Error('publisher bug');
    });
    relay.on('segments', early);
    fake.connect();
    await relay.ready();
    expect(early).toHaveBeenCalledWith({ segments: ['5001'], traits: [1001], uuid: '1'.repeat(38), identity: { source: 'new', partitioned: false }, cached: false });
    expect(error).toHaveBeenCalledTimes(1);
    const late = vi.fn();
    relay.on('segments', late);
    await Promise.resolve();
    expect(late).toHaveBeenCalledWith(expect.objectContaining({ segments: ['5001'] }));
    expect(relay.getSegments()).toEqual(['5001']);
  });

  it('off and the returned unsubscribe stop deliveries', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    const a = vi.fn();
    const b = vi.fn();
    const unsubscribe = relay.on('segments', a);
    relay.on('segments', b);
    unsubscribe();
    relay.off('segments', b);
    fake.connect();
    await relay.ready();
    expect(a).not.toHaveBeenCalled();
    expect(b).not.toHaveBeenCalled();
  });

  it('destroy stops the bridge and settles pending ready calls', async () => {
    const fake = fakeBridge(() => new Promise(() => {}));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    const ready = relay.ready({ timeoutMs: 10000 });
    relay.destroy();
    await expect(ready).resolves.toMatchObject({ status: 'error', error: { code: 'DESTROYED' } });
    expect(fake.stop).toHaveBeenCalledTimes(1);
  });

  it('rejects bad signals with every problem named, and sends nothing for them', async () => {
    const fake = fakeBridge(async () => result([]));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    expect(() => relay.signals({ section: 'x', c_ok: 1, c_bad: { nested: true }, c_nan: Number.NaN } as never)).toThrow(
      /"section".*"c_bad".*"c_nan"/,
    );
    fake.connect();
    await relay.ready();
    expect(fake.calls).toEqual([{ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null }]);
  });
});
