import { afterEach, describe, expect, it, vi } from 'vitest';
import { RelayError, type Caller, type EventParams, type EventResult } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import type { BridgeConnector } from '../src/services';
import type { Consent } from '../src/types';
import { nextTask } from './next-task';

const config = { partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 300 };
/** The privacy signals of a page without any CMP. */
const NO_PRIVACY = { gdpr: null, tcString: null, gpp: null, gppSid: [], usPrivacy: null, restricted: false };
const result = (segments: string[]): EventResult => ({ uuid: '1'.repeat(38), segments, traits: [1001], cookies: [], identity: { source: 'new', partitioned: false } });

/** The test's own copy, kept from a test that deletes the page's `structuredClone`. */
const clone = structuredClone;

/** A bridge whose frame answers through `answer`; `connect()` completes the handshake. */
function fakeBridge(answer: (params: EventParams) => Promise<EventResult>) {
  const calls: EventParams[] = [];
  const optOuts: EventParams[] = [];
  const methods: string[] = [];
  const boots: Array<string | null | undefined> = [];
  /** Each call's ID (`call`), kept apart from its params. */
  const callIds: Array<string | undefined> = [];
  let handlers: Parameters<BridgeConnector['connect']>[0] | null = null;
  const stop = vi.fn();
  const caller: Caller = {
    call: (params, _timeoutMs, method = 'event') => {
      methods.push(method);
      const { call: id, ...rest } = clone(params);
      callIds.push(id);
      (method === 'optOut' ? optOuts : calls).push(rest);
      return answer(params);
    },
    handle: () => false,
    destroy: () => {},
  };
  const bridge: BridgeConnector = {
    connect(h, bootCall) {
      handlers = h;
      boots.push(bootCall);
      return { stop };
    },
  };
  return {
    bridge,
    calls,
    optOuts,
    methods,
    boots,
    callIds,
    stop,
    /** The port is offered (before the frame accepts it). */
    open: (c: Caller = caller, version = 2) => handlers?.onOpen?.(c, version),
    /** Completes the handshake at protocol `version` (2: the frame knows the boot call). */
    connect: (c: Caller = caller, version = 2) => {
      // The relay mounts the frame in a microtask (after the calls queued with config).
      const go = (): void => handlers?.onConnect(c, version);
      if (handlers) go();
      else queueMicrotask(go);
    },
    /** Whether the relay asked for the frame at all. */
    mounted: () => handlers !== null,
    fail: (error: RelayError) => queueMicrotask(() => handlers?.onFail(error)),
    lost: () => handlers?.onLost?.(),
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
    expect(fake.calls).toEqual([{ signals: { c_section: ['sports'], p_age: ['23'], c_tag: ['a', 'b'] }, traits: [1234], uuid: null, coppa: false, ids: [], url: null, privacy: NO_PRIVACY }]);
  });

  it('the first call rides in the frame URL (boot call) with the signals of the config tick; later ones before the frame connects go together, once', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    relay.signals({ c_a: 1 });
    await Promise.resolve();
    relay.signals({ c_b: 2 });
    relay.signals({ c_c: 3 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.calls).toEqual([]);
    const boot = { signals: { c_a: ['1'] }, traits: [], uuid: null, coppa: false, ids: [], url: null, privacy: NO_PRIVACY };
    fake.connect();
    await relay.ready();
    expect(fake.methods).toEqual(['boot', 'event']);
    expect(fake.calls).toEqual([boot, { ...boot, signals: { c_b: ['2'], c_c: ['3'] } }]);
    // The frame URL carried exactly the params the boot request then names.
    // (followed by this page's boot id, so a moved frame does not repeat the call).
    expect(fake.boots).toHaveLength(1);
    const [json, id] = (fake.boots[0] ?? '').split(';');
    expect(json).toBe(encodeURIComponent(JSON.stringify(fake.calls[0])));
    expect(id).toMatch(/^[a-z0-9]+$/);
  });

  it('the boot request goes when the port is offered, before the frame accepts it; later ones wait for the connection', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    relay.signals({ c_a: 1 });
    await Promise.resolve();
    fake.open();
    expect(fake.methods).toEqual(['boot']);
    relay.signals({ c_b: 2 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.methods).toEqual(['boot']);
    fake.connect();
    await relay.ready();
    expect(fake.methods).toEqual(['boot', 'event']);
  });

  it('a frame of protocol 1 (no boot call) gets the first call as a plain event', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    relay.signals({ c_a: 1 });
    fake.connect(undefined, 1);
    await relay.ready();
    expect(fake.methods).toEqual(['event']);
    expect(fake.calls[0]?.signals).toEqual({ c_a: ['1'] });
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
    expect(fake.calls[1]).toEqual({ signals: { c_late: ['yes'] }, traits: [], uuid: null, coppa: false, ids: [], url: null, privacy: NO_PRIVACY });
  });

  it('a page that deleted Promise.prototype.finally and catch after the tag started: each call still goes out after the last, and ready says fresh', async () => {
    const fake = fakeBridge(async (params) => result([Object.keys(params.signals)[0] ?? 'none']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    const saved = { finally: Promise.prototype.finally, catch: Promise.prototype.catch };
    fake.connect();
    await relay.ready();
    try {
      delete (Promise.prototype as Partial<Promise<unknown>>).finally;
      delete (Promise.prototype as Partial<Promise<unknown>>).catch;
      relay.signals({ c_first: 1 });
      await Promise.resolve();
      relay.signals({ c_second: 2 });
      const answer = await relay.ready();
      expect(answer).toMatchObject({ status: 'fresh', segments: ['c_second'] });
      expect(fake.calls.map((c) => Object.keys(c.signals))).toEqual([[], ['c_first'], ['c_second']]);
    } finally {
      Object.assign(Promise.prototype, saved);
    }
  });

  it('a page that deletes structuredClone and queueMicrotask after the tag started, and whose JSON.stringify throws: the calls go out (no boot call), ready is fresh, nothing throws into the page', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const saved = { structuredClone: globalThis.structuredClone, queueMicrotask: globalThis.queueMicrotask, stringify: JSON.stringify };
    try {
      Reflect.deleteProperty(globalThis, 'structuredClone');
      Reflect.deleteProperty(globalThis, 'queueMicrotask');
      JSON.stringify = () => {
        throw new Error('page JSON');
      };
      const relay = createRelay(config, { bridge: () => fake.bridge });
      relay.signals({ c_a: 1 });
      const seen: string[][] = [];
      relay.on('segments', (event) => seen.push(event.segments));
      // The frame is mounted after this task (the fake's own connect needs no microtask then).
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(fake.mounted()).toBe(true);
      fake.connect();
      await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh', segments: ['5001'] });
      expect(fake.boots).toEqual([null]);
      expect(fake.methods).toEqual(['event']);
      expect(fake.calls[0]?.signals).toEqual({ c_a: ['1'] });
      expect(relay.getSegments()).toEqual(['5001']);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(seen).toEqual([['5001']]);
    } finally {
      Object.assign(globalThis, { structuredClone: saved.structuredClone, queueMicrotask: saved.queueMicrotask });
      JSON.stringify = saved.stringify;
    }
  });

  it('a page that deleted URL after the tag started: a page view with its URL is still taken and sent without query', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    fake.connect();
    await relay.ready();
    const saved = globalThis.URL;
    try {
      Reflect.deleteProperty(globalThis, 'URL');
      relay.pageView({ url: 'https://pub.example/article?id=7' });
    } finally {
      globalThis.URL = saved;
    }
    await relay.ready();
    expect(fake.calls.at(-1)?.url).toBe('https://pub.example/article');
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
      { signals: { c_once: ['1'] }, traits: [], uuid: null, coppa: false, ids: [], url: null, privacy: NO_PRIVACY },
      { signals: { c_once: ['1'] }, traits: [], uuid: null, coppa: false, ids: [], url: null, privacy: NO_PRIVACY },
    ]);
  });

  it('a call the frame said was sent, then not taken (a 429 waiting for its retry), goes again with its signals when that frame reloads (attack15)', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    const waiting: Caller = {
      call: (params, _timeoutMs, _method, onSent) => {
        fake.calls.push(structuredClone(params));
        // As the frame does: sent, refused with a Retry-After (not taken), torn down in the wait.
        onSent?.(true);
        onSent?.(false);
        return Promise.reject(new RelayError('DESTROYED', 'the frame reloaded'));
      },
      handle: () => false,
      destroy: () => {},
    };
    relay.signals({ c_once: 1 });
    fake.connect(waiting);
    await vi.waitFor(() => expect(fake.calls).toHaveLength(1));
    fake.connect();
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh' });
    expect(fake.calls.map((call) => call.signals)).toEqual([{ c_once: ['1'] }, { c_once: ['1'] }]);
  });

  it("a call sent again after the frame reloaded mid-call carries the same call ID; each new call its own (fidelity6)", async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    fake.connect();
    await relay.ready();
    const seen: Array<string | undefined> = [];
    const lost: Caller = {
      call: (params) => {
        seen.push(params.call);
        return Promise.reject(new RelayError('DESTROYED', 'the frame reloaded'));
      },
      handle: () => false,
      destroy: () => {},
    };
    fake.connect(lost);
    relay.signals({ c_once: 1 });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    fake.connect();
    await vi.waitFor(() => expect(fake.calls.some((c) => c.signals['c_once'])).toBe(true));
    expect(seen[0]).toMatch(/^[a-z0-9]{1,32}$/);
    expect(fake.callIds.at(-1)).toBe(seen[0]);
    relay.signals({ c_next: 1 });
    await vi.waitFor(() => expect(fake.calls.some((c) => c.signals['c_next'])).toBe(true));
    expect(fake.callIds.at(-1)).not.toBe(seen[0]);
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
    await Promise.resolve();
    const ready = relay.ready({ timeoutMs: 10000 });
    relay.destroy();
    await expect(ready).resolves.toMatchObject({ status: 'error', error: { code: 'DESTROYED' } });
    expect(fake.stop).toHaveBeenCalledTimes(1);
  });

  it('destroyed before the frame is mounted: no frame at all', async () => {
    const fake = fakeBridge(() => new Promise(() => {}));
    createRelay(config, { bridge: () => fake.bridge }).destroy();
    await Promise.resolve();
    expect(fake.mounted()).toBe(false);
  });

  it('rejects bad signals with every problem named, and sends nothing for them', async () => {
    const fake = fakeBridge(async () => result([]));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    expect(() => relay.signals({ section: 'x', c_ok: 1, c_bad: { nested: true }, c_nan: Number.NaN } as never)).toThrow(
      /"section".*"c_bad".*"c_nan"/,
    );
    fake.connect();
    await relay.ready();
    expect(fake.calls).toEqual([{ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null, privacy: NO_PRIVACY }]);
  });
});

describe('relay: cache, page views, declared IDs, outputs, connection events', () => {
  /** An in-memory cache with the given segments already stored. */
  function memoryCache(initial: string[] | null) {
    let stored = initial;
    return { read: () => stored, write: (s: readonly string[]) => void (stored = [...s]), clear: () => void (stored = null), stored: () => stored };
  }
  function fakePage(href = 'https://pub.example/a?q=secret#x') {
    let url = href;
    const route = new Set<() => void>();
    const restore = new Set<() => void>();
    return {
      page: {
        url: () => url,
        onRouteChange: (l: () => void) => (route.add(l), () => route.delete(l)),
        onRestore: (l: () => void) => (restore.add(l), () => restore.delete(l)),
      },
      navigate(next: string) {
        url = next;
        route.forEach((l) => l());
      },
      restore: () => restore.forEach((l) => l()),
    };
  }

  it('serves cached segments at once to outputs and listeners, then fresh ones; ready says cached when the deadline comes first', async () => {
    let answer: (r: EventResult) => void = () => {};
    const fake = fakeBridge(() => new Promise((resolve) => (answer = resolve)));
    const cache = memoryCache(['4001']);
    const applied: Array<[string[], boolean]> = [];
    const relay = createRelay(config, {
      bridge: () => fake.bridge,
      cache: () => cache,
      outputs: () => ({ segments: (e) => void applied.push([e.segments, e.cached]), cookies: () => {} }),
    });
    expect(applied).toEqual([[['4001'], true]]);
    expect(relay.getSegments()).toEqual(['4001']);
    fake.connect();
    await expect(relay.ready({ timeoutMs: 20 })).resolves.toMatchObject({ status: 'cached', segments: ['4001'], cached: true, error: { code: 'CALL_TIMEOUT' } });
    answer(result(['5001']));
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh', segments: ['5001'], cached: false });
    expect(applied).toEqual([[['4001'], true], [['5001'], false]]);
    // The cache is written for later pages in the task after ready settles (the ad call first).
    expect(cache.stored()).toEqual(['4001']);
    await nextTask();
    expect(cache.stored()).toEqual(['5001']);
  });

  it('never reads or writes the cache when cacheMaxAgeMs is 0', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const cache = memoryCache(['4001']);
    const relay = createRelay({ ...config, cacheMaxAgeMs: 0 }, { bridge: () => fake.bridge, cache: () => cache });
    expect(relay.getSegments()).toEqual([]);
    fake.connect();
    await relay.ready();
    expect(cache.stored()).toEqual(['4001']);
  });

  it('sends the page URL without query or fragment, and a new event call per page view with the new URL', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const nav = fakePage();
    const relay = createRelay(config, { bridge: () => fake.bridge, page: nav.page });
    fake.connect();
    await relay.ready();
    relay.pageView({ url: 'https://pub.example/b?x=1' });
    await relay.ready();
    expect(fake.calls.map((c) => c.url)).toEqual(['https://pub.example/a', 'https://pub.example/b']);
    expect(() => relay.pageView({ url: 'javascript:alert(1)' })).toThrow(/invalid pageView/);
  });

  it('with autoPageView, a route change to a new path makes one event call; the same path makes none', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const nav = fakePage('https://pub.example/a');
    const relay = createRelay({ ...config, autoPageView: true }, { bridge: () => fake.bridge, page: nav.page });
    fake.connect();
    await relay.ready();
    nav.navigate('https://pub.example/a#top');
    nav.navigate('https://pub.example/article/2');
    await relay.ready();
    expect(fake.calls.map((c) => c.url)).toEqual(['https://pub.example/a', 'https://pub.example/article/2']);
  });

  it('sends declared IDs with every later event call, a newer ID replacing the older one of its source', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    relay.ids({ dpid: 123, dpuuid: 'crm-1' });
    fake.connect();
    await relay.ready();
    relay.ids([{ dpid: 123, dpuuid: 'crm-2' }, { code: 'email', dpuuid: 'h1', authState: 1 }]);
    await relay.ready();
    relay.signals({ c_a: 1 });
    await relay.ready();
    expect(fake.calls.map((c) => c.ids)).toEqual([
      [{ source: 123, id: 'crm-1', authState: null }],
      [{ source: 123, id: 'crm-2', authState: null }, { source: 'email', id: 'h1', authState: 1 }],
      [{ source: 123, id: 'crm-2', authState: null }, { source: 'email', id: 'h1', authState: 1 }],
    ]);
    expect(() => relay.ids({ dpid: 1, code: 'x', dpuuid: 'y' } as never)).toThrow(/invalid ids: \[0\]/);
    expect(() => relay.ids({ dpid: 1, dpuuid: '' })).toThrow(/invalid ids/);
  });

  it('hands cookie destinations to the outputs and keeps them out of the segments event', async () => {
    const cookie = { name: 'aud_seg', value: 'seg=1', days: 30, domain: '.' };
    const fake = fakeBridge(async () => ({ ...result(['5001']), cookies: [cookie] }));
    const written: unknown[] = [];
    const events: unknown[] = [];
    const relay = createRelay(config, { bridge: () => fake.bridge, outputs: () => ({ segments: (e) => void events.push(e), cookies: (c) => void written.push(...c) }) });
    fake.connect();
    await relay.ready();
    expect(written).toEqual([cookie]);
    expect(events).toEqual([{ segments: ['5001'], traits: [1001], uuid: '1'.repeat(38), identity: { source: 'new', partitioned: false }, cached: false }]);
  });

  it('an output that throws does not stop listeners or ready', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const fake = fakeBridge(async () => result(['5001']));
    const seen = vi.fn();
    const relay = createRelay(config, {
      bridge: () => fake.bridge,
      outputs: () => ({
        segments: () => {
          throw new Error('ad library broke');
        },
        cookies: () => {},
      }),
    });
    relay.on('segments', seen);
    fake.connect();
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh' });
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('emits connected, then lost and reconnected when the frame reloads, and re-emits segments on a bfcache restore', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const nav = fakePage();
    const relay = createRelay(config, { bridge: () => fake.bridge, page: nav.page });
    const log: string[] = [];
    for (const name of ['connected', 'lost', 'reconnected'] as const) relay.on(name, (e) => void log.push(e.type));
    relay.on('segments', (e) => void log.push(`segments:${e.segments.join()}`));
    fake.connect();
    await relay.ready();
    fake.lost();
    fake.connect();
    nav.restore();
    expect(log).toEqual(['connected', 'segments:5001', 'lost', 'reconnected', 'segments:5001']);
  });

  // Soak, session n: every restore pushed the data layer's event again (a GTM trigger on it fired
  // once per Back), and rewrote the segment cookie with what may be older than another page's.
  it('a bfcache restore hands the segments to the page\'s listeners only, not to the outputs again', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const nav = fakePage();
    const applied: string[][] = [];
    const outputs = { segments: (e: { segments: string[] }) => void applied.push(e.segments), cookies: () => {} };
    const relay = createRelay(config, { bridge: () => fake.bridge, page: nav.page, outputs: () => outputs });
    const heard: string[][] = [];
    relay.on('segments', (e) => void heard.push(e.segments));
    fake.connect();
    await relay.ready();
    nav.restore();
    nav.restore();
    expect(heard).toEqual([['5001'], ['5001'], ['5001']]);
    expect(applied).toEqual([['5001']]);
    relay.destroy();
  });
});

describe('relay: consent and opt-out', () => {
  const GRANTED = { ...NO_PRIVACY, state: 'granted' as const, gdpr: 1 as const, tcString: 'CQ-TC' };
  const DENIED = { ...GRANTED, state: 'denied' as const };
  const PENDING = { ...NO_PRIVACY, state: 'pending' as const };

  /** Storage the test can look into: the cache and the device ID, with what touched them. */
  function storage() {
    const log: string[] = [];
    return {
      log,
      cache: { read: () => (log.push('cache.read'), ['4001']), write: () => void log.push('cache.write'), clear: () => void log.push('cache.clear') },
      deviceIds: { read: () => (log.push('uuid.read'), null), write: () => void log.push('uuid.write'), clear: () => void log.push('uuid.clear') },
    };
  }

  function setup(options: { optedOut?: boolean; consentTimeoutMs?: number } = {}) {
    const fake = fakeBridge(async () => result(['5001']));
    const stored = storage();
    const clearCookies = (): void => void stored.log.push('cookies.clear');
    const marker = { value: options.optedOut ?? false, writes: 0 };
    const applied: string[][] = [];
    let report: (consent: typeof GRANTED | typeof DENIED | typeof PENDING) => void = () => {};
    const relay = createRelay(
      { ...config, consent: { timeoutMs: options.consentTimeoutMs ?? 1000 } },
      {
        bridge: () => fake.bridge,
        cache: () => stored.cache,
        deviceIds: () => stored.deviceIds,
        clearCookies,
        outputs: () => ({ segments: (e) => void applied.push(e.segments), cookies: () => {} }),
        consent: (_config, onChange) => {
          report = onChange;
          onChange(PENDING);
        },
        optOut: () => ({ read: () => marker.value, write: () => void ((marker.value = true), marker.writes++) }),
      },
    );
    return { relay, fake, stored, marker, applied, consent: (c: typeof GRANTED | typeof DENIED | typeof PENDING) => report(c) };
  }

  it('while consent is pending: no storage read or written, no frame; ready settles no-consent by its deadline', async () => {
    const { relay, fake, stored } = setup();
    relay.signals({ c_section: 'sports' });
    await expect(relay.ready({ timeoutMs: 30 })).resolves.toMatchObject({ status: 'no-consent', segments: [], error: { code: 'NO_CONSENT' } });
    expect(stored.log).toEqual([]);
    expect(fake.mounted()).toBe(false);
    relay.destroy();
  });

  it('consent granted late: the cache, the frame, then the queued signals in one call carrying the privacy signals', async () => {
    const { relay, fake, stored, consent } = setup();
    relay.signals({ c_section: 'sports' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    consent(GRANTED);
    expect(stored.log).toEqual(['cache.read']);
    await Promise.resolve();
    expect(fake.mounted()).toBe(true);
    fake.connect();
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh', segments: ['5001'] });
    const { state: _, ...privacy } = GRANTED;
    expect(fake.calls).toEqual([{ signals: { c_section: ['sports'] }, traits: [], uuid: null, coppa: false, ids: [], url: null, privacy }]);
    await nextTask();
    expect(stored.log).toEqual(['cache.read', 'uuid.read', 'uuid.write', 'cache.write']);
  });

  it('refused consent settles ready at once; a consent deadline settles it before ready\'s own', async () => {
    const refused = setup();
    refused.consent(DENIED);
    const started = Date.now();
    await expect(refused.relay.ready({ timeoutMs: 5000 })).resolves.toMatchObject({ status: 'no-consent', error: { message: "the page's consent does not allow it" } });
    expect(Date.now() - started).toBeLessThan(100);

    const late = setup({ consentTimeoutMs: 40 });
    await expect(late.relay.ready({ timeoutMs: 5000 })).resolves.toMatchObject({ status: 'no-consent', error: { message: 'no consent within 40 ms' } });
    expect(late.fake.mounted()).toBe(false);
    late.relay.destroy();
  });

  it('consent withdrawn: our storage and the outputs are cleared, and later signals are held', async () => {
    const { relay, fake, stored, applied, consent } = setup();
    consent(GRANTED);
    fake.connect();
    await relay.ready();
    consent(DENIED);
    expect(stored.log.slice(-3)).toEqual(['cache.clear', 'uuid.clear', 'cookies.clear']);
    expect(applied.at(-1)).toEqual([]);
    // Withdrawn before the answer's segments were cached (the task after ready): never cached.
    await nextTask();
    expect(stored.log).not.toContain('cache.write');
    relay.signals({ c_more: 'x' });
    await expect(relay.ready({ timeoutMs: 50 })).resolves.toMatchObject({ status: 'no-consent' });
    expect(fake.calls).toHaveLength(1);
  });

  it('a result arriving after consent was withdrawn is not stored', async () => {
    let answer: (r: EventResult) => void = () => {};
    const fake = fakeBridge(() => new Promise((resolve) => (answer = resolve)));
    const stored = storage();
    let report: (c: typeof GRANTED | typeof DENIED) => void = () => {};
    const relay = createRelay(config, { bridge: () => fake.bridge, cache: () => stored.cache, deviceIds: () => stored.deviceIds, consent: (_c, onChange) => void (report = onChange) });
    report(GRANTED);
    fake.connect();
    await new Promise((resolve) => setTimeout(resolve, 0));
    report(DENIED);
    answer(result(['5001']));
    await expect(relay.ready()).resolves.toMatchObject({ status: 'no-consent', segments: [] });
    expect(stored.log).not.toContain('cache.write');
    expect(stored.log).not.toContain('uuid.write');
  });

  it('optOut: the DCS opt-out with the declared IDs, the marker, our storage cleared, the frame removed, nothing sent after', async () => {
    const { relay, fake, stored, marker, applied, consent } = setup();
    consent(GRANTED);
    fake.connect();
    relay.ids({ dpid: 21, dpuuid: 'crm-42' });
    await relay.ready();
    const sent = fake.calls.length;
    await relay.optOut();
    expect(fake.optOuts).toEqual([expect.objectContaining({ ids: [{ source: 21, id: 'crm-42', authState: null }] })]);
    expect(marker.writes).toBe(1);
    expect(stored.log).toContain('cache.clear');
    expect(stored.log).toContain('uuid.clear');
    expect(stored.log).toContain('cookies.clear');
    expect(applied.at(-1)).toEqual([]);
    expect(fake.stop).toHaveBeenCalled();
    relay.signals({ c_more: 'x' });
    await expect(relay.ready()).resolves.toMatchObject({ status: 'opted-out', error: { code: 'OPTED_OUT' } });
    expect(fake.calls).toHaveLength(sent);
    // A second call changes nothing.
    await relay.optOut();
    expect(fake.optOuts).toHaveLength(1);
  });

  it('optOut before consent or before the frame connects still settles, and keeps the marker', async () => {
    const early = setup();
    await expect(early.relay.optOut()).resolves.toBeUndefined();
    expect(early.marker.value).toBe(true);
    early.relay.destroy();

    // Consent granted, then opted out before the frame was even mounted: the frame is mounted
    // for the opt-out alone (no boot call, no event call), and the DCS hears it.
    const unmounted = setup();
    unmounted.consent(GRANTED);
    const sent = unmounted.relay.optOut();
    expect(unmounted.fake.mounted()).toBe(true);
    expect(unmounted.fake.boots).toEqual([null]);
    unmounted.fake.connect();
    await expect(sent).resolves.toBeUndefined();
    await Promise.resolve();
    expect(unmounted.fake.methods).toEqual(['optOut']);

    // Mounted, never connected: settles by its deadline, and removes the frame.
    vi.useFakeTimers();
    const unconnected = setup();
    unconnected.consent(GRANTED);
    await Promise.resolve();
    const done = unconnected.relay.optOut();
    await vi.advanceTimersByTimeAsync(5000);
    await expect(done).resolves.toBeUndefined();
    expect(unconnected.fake.stop).toHaveBeenCalled();
  });

  it('an opted-out browser never starts, even with consent', async () => {
    const { relay, fake, stored, consent } = setup({ optedOut: true });
    consent(GRANTED);
    await expect(relay.ready()).resolves.toMatchObject({ status: 'opted-out' });
    expect(fake.mounted()).toBe(false);
    expect(stored.log).toEqual([]);
  });
});

describe('relay: signals queued when the page is hidden', () => {
  function hidingPage() {
    const hide = new Set<(unloading: boolean) => void>();
    return {
      page: { url: () => 'https://pub.example/a', onRouteChange: () => () => {}, onRestore: () => () => {}, onHide: (l: (unloading: boolean) => void) => (hide.add(l), () => hide.delete(l)) },
      hide: (_pagehide = true) => hide.forEach((l) => l(_pagehide)),
    };
  }

  // attack13 and attack14 (outside reviews, session n): hidden while frame.html loaded, the boot
  // call went out as a beacon and `ready` then timed out, its answer never asked for once the
  // frame connected; sending it only at `pagehide` lost the page view of a tab discarded while
  // hidden. Now it goes at once, and its answer is still the page's.
  it('hidden with the frame still loading: the boot call goes at once, once; the frame that connects later gives ready its answer', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const { page, hide } = hidingPage();
    const beacons: string[] = [];
    const relay = createRelay(config, { bridge: () => fake.bridge, page, beacon: (_url, body) => (beacons.push(body), true) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The frame was mounted with the first page view in its URL.
    expect(fake.boots[0]).toEqual(expect.any(String));
    relay.signals({ c_later: 1 });
    hide(false);
    hide(true);
    expect(beacons).toHaveLength(2);
    expect(beacons[0]).toContain('d_url=https%3A%2F%2Fpub.example%2Fa');
    expect(beacons[1]).toContain('c_later=1');
    // The visitor comes back; the frame, loaded meanwhile, connects: the tag asks for its boot answer.
    fake.connect();
    const ready = await relay.ready();
    expect(fake.methods).toEqual(['boot']);
    expect([ready.status, ready.segments]).toEqual(['fresh', ['5001']]);
    hide(true);
    expect(beacons).toHaveLength(2);
    relay.destroy();
  });

  it('go out as one fire-and-forget event call to the DCS, once, with the IDs, the device ID and the privacy signals', async () => {
    const fake = fakeBridge(() => new Promise(() => {}));
    const { page, hide } = hidingPage();
    const beacons: Array<[string, string]> = [];
    const relay = createRelay(config, {
      bridge: () => fake.bridge,
      page,
      deviceIds: () => ({ read: () => '7'.repeat(38), write: () => {}, clear: () => {} }),
      beacon: (url, body) => (beacons.push([url, body]), true),
    });
    // The frame never connects: the first page view and these signals are still queued.
    relay.signals({ c_section: 'sports' });
    relay.ids({ dpid: 21, dpuuid: 'crm 42' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    hide();
    hide();
    expect(beacons).toEqual([
      [
        'https://acme.dcs.example/event',
        `d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&d_uuid=${'7'.repeat(38)}&c_section=sports&d_cid=21%01crm%2042&d_url=https%3A%2F%2Fpub.example%2Fa`,
      ],
    ]);
    // Sent: a later connection does not send them again.
    fake.connect();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.calls).toEqual([]);
    relay.destroy();
  });

  it('nothing queued, no consent, or a refused beacon: nothing sent, and the signals stay queued', async () => {
    const { page, hide } = hidingPage();
    const beacon = vi.fn(() => false);
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge, page, beacon });
    relay.signals({ c_a: 1 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    hide();
    expect(beacon).toHaveBeenCalledTimes(1);
    fake.connect();
    await relay.ready();
    expect(fake.calls[0]?.signals).toEqual({ c_a: ['1'] });
    beacon.mockClear();
    hide();
    expect(beacon).not.toHaveBeenCalled();

    const pending = createRelay(config, { bridge: () => fakeBridge(async () => result([])).bridge, page, beacon, consent: (_c, onChange) => onChange({ ...NO_PRIVACY, state: 'pending' }) });
    pending.signals({ c_a: 1 });
    hide();
    expect(beacon).not.toHaveBeenCalled();
    pending.destroy();
  });
  it('calls the browser refuses later (other scripts\' beacons took the quota, the network failed) go back in line, in order, for the frame', async () => {
    const { page, hide } = hidingPage();
    const refusals: Array<() => void> = [];
    const sent: string[] = [];
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge, page, beacon: (_url, body, refused) => (sent.push(body), refusals.push(refused), true) });
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
    relay.signals({ c_a: 1 });
    await tick();
    relay.signals({ c_b: 2 });
    await tick();
    hide();
    // The page view, c_a and c_b: three calls, each accepted at once.
    expect(sent).toHaveLength(3);
    // The first two are refused later; the page runs again and connects.
    refusals[0]!();
    refusals[1]!();
    fake.connect();
    await relay.ready();
    await tick();
    expect(fake.calls.map((call) => [call.url ?? null, call.signals])).toEqual([
      ['https://pub.example/a', {}],
      [null, { c_a: ['1'] }],
    ]);
    relay.destroy();
  });
});

describe('relay: ready and outputs still loading', () => {
  it('waits for the outputs to apply fresh segments (the page auctions when ready settles), and says fresh at its deadline if they never can', async () => {
    let applied!: () => void;
    const pending = new Promise<void>((resolve) => (applied = resolve));
    const log: string[] = [];
    let loading = true;
    const outputs = { segments: (e: { segments: string[] }) => void log.push(`outputs ${e.segments.join()}`), cookies: () => {}, start: () => void log.push('start'), pending: () => (loading ? pending : null) };
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge, outputs: () => outputs });
    const ready = relay.ready({ timeoutMs: 5000 }).then((r) => void log.push(`ready ${r.status}`));
    fake.connect();
    await nextTask();
    await nextTask();
    // Consent was there at once: the outputs started before any segments; the answer came.
    expect(log).toEqual(['start', 'outputs 5001']);
    loading = false;
    applied();
    await ready;
    expect(log).toEqual(['start', 'outputs 5001', 'ready fresh']);
    relay.destroy();

    const stuck = fakeBridge(async () => result(['5002']));
    const never = createRelay(config, { bridge: () => stuck.bridge, outputs: () => ({ ...outputs, pending: () => new Promise<void>(() => {}) }) });
    const late = never.ready({ timeoutMs: 200 });
    stuck.connect();
    await expect(late).resolves.toMatchObject({ status: 'fresh', segments: ['5002'] });
    never.destroy();
  });
});

describe('relay: debug stream and snapshot', () => {
  it('tells each call when sent and when answered, with timing; consent as read; the snapshot follows', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    let report: (c: typeof NO_PRIVACY & { state: 'granted' | 'pending' }) => void = () => {};
    const relay = createRelay(config, { bridge: () => fake.bridge, consent: (_c, onChange) => void (report = onChange) });
    const events: Array<{ type: string; call?: { id: number; durationMs?: number; result?: unknown } }> = [];
    relay.on('debug', (e) => void events.push(e as never));
    report({ ...NO_PRIVACY, state: 'pending' });
    expect(relay.snapshot()).toMatchObject({ frame: 'idle', calls: 0, queued: true, consent: { state: 'pending' } });
    report({ ...NO_PRIVACY, state: 'granted' });
    await Promise.resolve();
    expect(relay.snapshot().frame).toBe('connecting');
    fake.connect();
    await relay.ready();
    expect(events.map((e) => e.type)).toEqual(['consent', 'consent', 'sent', 'answered']);
    expect(events[3]!.call).toMatchObject({ id: 1, result: { segments: ['5001'] } });
    expect(events[3]!.call!.durationMs).toBeGreaterThanOrEqual(0);
    expect(relay.snapshot()).toMatchObject({ frame: 'connected', calls: 1, inFlight: false, fresh: true, latest: { segments: ['5001'] } });
  });

  it("an answer with no segment list (d_cts not enabled) is marked in the snapshot, not in the segments event; the next listed answer clears it", async () => {
    let listed = false;
    const fake = fakeBridge(async () => (listed ? result(['5001']) : { ...result([]), traits: [], listed: false as const }));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    const events: unknown[] = [];
    relay.on('segments', (e) => void events.push(e));
    fake.connect();
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh', segments: [] });
    expect(relay.snapshot()).toMatchObject({ unlisted: true, fresh: true });
    expect(events[0]).not.toHaveProperty('listed');
    listed = true;
    relay.signals({ c_section: 'news' });
    await vi.waitFor(() => expect(relay.getSegments()).toEqual(['5001']));
    expect(relay.snapshot().unlisted).toBe(false);
  });

  it('ready waits for the calls made before it, not for those the page makes while it waits (fidelity6)', async () => {
    const answers: Array<() => void> = [];
    const fake = fakeBridge(() => new Promise<EventResult>((resolve) => answers.push(() => resolve(result(['5001'])))));
    const relay = createRelay({ ...config, timeoutMs: 5000 }, { bridge: () => fake.bridge });
    fake.connect();
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    answers.shift()!();
    await relay.ready();
    relay.signals({ c_n: '0' });
    let settled: unknown = null;
    void relay.ready().then((r) => (settled = r));
    // The page goes on giving signals, each its own call (the same key again).
    relay.signals({ c_n: '1' });
    await Promise.resolve();
    relay.signals({ c_n: '2' });
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    // The call made before `ready` is answered: it settles, with calls still queued behind.
    answers.shift()!();
    await vi.waitFor(() => expect(settled).toMatchObject({ status: 'fresh' }));
    expect(relay.snapshot().queued || relay.snapshot().inFlight).toBe(true);
  });

  it('a failed call is told with its error; diagnose without debug tools rejects, never hangs', async () => {
    const fake = fakeBridge(async () => Promise.reject(new RelayError('DCS_TIMEOUT', 'slow')));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    const answered: unknown[] = [];
    relay.on('debug', (e) => e.type === 'answered' && answered.push(e.call.error));
    fake.connect();
    await relay.ready();
    expect(answered).toEqual([{ code: 'DCS_TIMEOUT', message: 'slow' }]);
    expect(relay.snapshot().lastError).toEqual({ code: 'DCS_TIMEOUT', message: 'slow' });
    await expect(relay.diagnose()).rejects.toThrow('no debug tools');
  });

  it('diagnose runs the debug tools on the current snapshot', async () => {
    const fake = fakeBridge(async () => result([]));
    const diagnoseTool = vi.fn((snapshot) => ({ ok: false, summary: 'x', reasons: [], snapshot }));
    const relay = createRelay(config, { bridge: () => fake.bridge, debugTools: async () => ({ diagnose: diagnoseTool, panel: () => {} }) });
    fake.connect();
    await relay.ready();
    await expect(relay.diagnose()).resolves.toMatchObject({ summary: 'x', snapshot: { calls: 1, latest: { segments: [] } } });
  });
});


describe('relay: calls stay distinct (issue 21)', () => {
  it('values and page views sent in separate ticks while a call is in flight all reach the frame, in order, each page view its own call', async () => {
    const answers: Array<() => void> = [];
    const fake = fakeBridge(() => new Promise((resolve) => answers.push(() => resolve(result(['5001'])))));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    fake.connect();
    await nextTask();
    expect(fake.calls).toHaveLength(1);
    for (const value of ['1', '2', '3']) {
      relay.signals({ c_key: value });
      await Promise.resolve();
      relay.pageView({ url: `https://pub.example/${value}` });
      await Promise.resolve();
    }
    while (answers.length > 0) {
      answers.shift()!();
      await nextTask();
    }
    await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh' });
    expect(fake.calls.slice(1).map((c) => [c.signals.c_key?.[0] ?? null, c.url])).toEqual([
      ['1', null],
      [null, 'https://pub.example/1'],
      ['2', null],
      [null, 'https://pub.example/2'],
      ['3', null],
      [null, 'https://pub.example/3'],
    ]);
  });

  it('a queue past its bound reports the loss through ready, the debug stream and the snapshot', async () => {
    const fake = fakeBridge(async () => result(['5001']));
    const relay = createRelay(config, { bridge: () => fake.bridge });
    const dropped: unknown[] = [];
    relay.on('debug', (e) => {
      if (e.type === 'dropped') dropped.push(e.reason);
    });
    for (let i = 0; i < 105; i++) relay.pageView({ url: `https://pub.example/${i}` });
    expect(dropped).toHaveLength(6);
    expect(relay.snapshot()).toMatchObject({ dropped: 6, queueLength: 100 });
    fake.connect();
    const ready = await relay.ready({ timeoutMs: 3000 });
    expect(ready).toMatchObject({ status: 'error', error: { code: 'QUEUE_FULL' }, segments: ['5001'] });
    expect(fake.calls).toHaveLength(100);
  });

  it('destroy stops watching the consent (the CMP listeners go too)', () => {
    const stop = vi.fn();
    const fake = fakeBridge(async () => result([]));
    const relay = createRelay(config, { bridge: () => fake.bridge, consent: (_c, onChange) => (onChange({ ...NO_PRIVACY, state: 'granted' }), { stop, refresh: () => {} }) });
    expect(stop).not.toHaveBeenCalled();
    relay.destroy();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it("each call of the page's asks the consent watch again first (the US Privacy CMP has no listener), and the call carries the new reading", async () => {
    let usPrivacy = '1YNN';
    let report = (_c: Consent): void => {};
    const refreshed: string[] = [];
    const fake = fakeBridge(async () => result([]));
    const relay = createRelay(config, {
      bridge: () => fake.bridge,
      consent: (_c, onChange) => {
        report = onChange;
        onChange({ ...NO_PRIVACY, state: 'granted', usPrivacy });
        return { stop: () => {}, refresh: () => (refreshed.push(usPrivacy), report({ ...NO_PRIVACY, state: 'granted', usPrivacy, restricted: usPrivacy[2] === 'Y' })) };
      },
    });
    fake.connect();
    await relay.ready({ timeoutMs: 1000 });
    usPrivacy = '1YYN';
    relay.signals({ c_step: 'after' });
    relay.pageView();
    await relay.ready({ timeoutMs: 1000 });
    expect(refreshed).toEqual(['1YYN', '1YYN']);
    const last = fake.calls.at(-1)!;
    expect(last.privacy).toMatchObject({ usPrivacy: '1YYN', restricted: true });
  });
});
