import { describe, expect, it, vi } from 'vitest';
import { createCommandRunner } from '../src/commands';
import type { AudienceRelay, ReadyResult } from '../src/types';

function fakeRelay(): AudienceRelay & { log: unknown[][] } {
  const log: unknown[][] = [];
  const fresh: ReadyResult = { status: 'fresh', segments: ['5001'], traits: [], uuid: null, identity: { source: 'new', partitioned: false }, cached: false };
  return {
    log,
    config: {
      partner: 'acme',
      dcsOrigin: 'https://dcs.example',
      frameUrl: 'https://dcs.example/frame.html',
      ecid: null,
      timeoutMs: 1000,
      connectTimeoutMs: 5000,
      coppa: false,
      cacheMaxAgeMs: 0,
      autoPageView: false,
      outputs: { gpt: null, prebid: null, cookie: null, dataLayer: null, domEvent: false, cookieDestinations: null },
      consent: { vendorId: 565, timeoutMs: 1000, gpc: true, requireTcf: false },
    },
    signals: (s) => void log.push(['signals', s]),
    traits: (t) => void log.push(['traits', t]),
    ids: (i) => void log.push(['ids', i]),
    pageView: (o) => void log.push(['pageView', o]),
    ready: async (o) => (log.push(['ready', o]), fresh),
    getSegments: () => ['5001'],
    on: (_e, l) => (log.push(['on', l]), () => true),
    off: (_e, l) => void log.push(['off', l]),
    optOut: async () => void log.push(['optOut']),
    snapshot: () => {
      throw new Error('not used');
    },
    diagnose: async () => {
      throw new Error('not used');
    },
    debug: async () => void log.push(['debug']),
    destroy: () => void log.push(['destroy']),
  };
}

describe('commands', () => {
  it('queue commands made before config, settle them at once, and run them in order once it comes', async () => {
    const relay = fakeRelay();
    const run = createCommandRunner(() => relay);
    const listener = () => {};
    await Promise.all([run('signals', { c_a: 1 }), run('traits', [5]), run('on', 'segments', listener)]);
    await expect(run('getSegments')).resolves.toEqual([]);
    expect(relay.log).toEqual([]);
    await run('config', { partner: 'acme', dcs: 'https://dcs.example' });
    expect(relay.log).toEqual([
      // The checked copy taken at the call.
      ['signals', { c_a: ['1'] }],
      ['traits', [5]],
      ['on', listener],
    ]);
    await expect(run('ready')).resolves.toMatchObject({ status: 'fresh' });
    await expect(run('getSegments')).resolves.toEqual(['5001']);
  });

  it('a ready the snippet queued runs its deadline from when the page made it, before and after config', async () => {
    const relay = fakeRelay();
    const run = createCommandRunner(() => relay);
    const madeAt = Date.now() - 600;
    await run('config', { partner: 'acme', dcs: 'https://dcs.example' });
    await run('ready', { timeoutMs: 800 }, madeAt);
    await run('ready', undefined, madeAt);
    await run('ready', { timeoutMs: 500 }, madeAt);
    const given = relay.log.map(([, options]) => (options as { timeoutMs: number }).timeoutMs);
    // 800 and the config's 1000, less the 600 ms gone (a few ms more on a slow machine); past its deadline: 1 ms.
    expect(given[0]).toBeGreaterThan(150);
    expect(given[0]).toBeLessThanOrEqual(200);
    expect(given[1]).toBeGreaterThan(350);
    expect(given[1]).toBeLessThanOrEqual(400);
    expect(given[2]).toBe(1);
  });

  it('values given before config are the ones sent: the page changing its objects (or a getter answering differently) afterwards changes nothing', async () => {
    const relay = fakeRelay();
    const run = createCommandRunner(() => relay);
    const signals: Record<string, unknown> = { c_step: 1 };
    const traits = [5];
    const id = { code: 'crm', dpuuid: 'u1', authState: 1 };
    let reads = 0;
    const view = { get url() {
      reads++;
      return reads === 1 ? 'https://pub.example/a' : 'javascript:alert(1)';
    } };
    await Promise.all([run('signals', signals), run('traits', traits), run('ids', [id]), run('pageView', view)]);
    signals.c_step = 2;
    traits.push(6);
    id.dpuuid = 'u2';
    await run('signals', signals);
    await run('config', { partner: 'acme', dcs: 'https://dcs.example' });
    expect(relay.log).toEqual([
      ['signals', { c_step: ['1'] }],
      ['traits', [5]],
      ['ids', [{ code: 'crm', dpuuid: 'u1', authState: 1 }]],
      ['pageView', { url: 'https://pub.example/a' }],
      ['signals', { c_step: ['2'] }],
    ]);
    expect(reads).toBe(1);
  });

  it('input that throws when read (a getter, a Proxy trap) rejects its call with BAD_REQUEST, before and after config', async () => {
    const relay = fakeRelay();
    const run = createCommandRunner(() => relay);
    const hostile = Object.defineProperty({}, 'c_a', { enumerable: true, get() {
      throw new Error('page getter');
    } });
    const trap = new Proxy([], { get() {
      throw new Error('page trap');
    } });
    await expect(run('signals', hostile)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(run('traits', trap)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(run('ready', { get timeoutMs() {
      throw new Error('page getter');
    } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(run(Object.assign(Object.create(null), { [Symbol.toPrimitive]() {
      throw new Error('page');
    } }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await run('config', { partner: 'acme', dcs: 'https://dcs.example' });
    expect(relay.log).toEqual([]);
  });

  it('a page that deleted Promise.resolve and Promise.reject: every command still settles, bad input still rejects with BAD_REQUEST', async () => {
    const relay = fakeRelay();
    const run = createCommandRunner(() => relay);
    const saved = { resolve: Promise.resolve, reject: Promise.reject };
    const outcomes: unknown[] = [];
    const record = (promise: Promise<unknown>): void => void promise.then((value) => outcomes.push(['ok', value]), (error: { code?: string }) => outcomes.push(['error', error.code]));
    try {
      Reflect.deleteProperty(Promise, 'resolve');
      Reflect.deleteProperty(Promise, 'reject');
      record(run('signals', { c_a: 1 }));
      record(run('signals', { nope: 1 }));
      record(run('fly'));
      record(run('config', { partner: 'acme', dcs: 'https://dcs.example' }));
      record(run('getSegments'));
    } finally {
      Object.assign(Promise, saved);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(outcomes).toEqual([['ok', undefined], ['error', 'BAD_REQUEST'], ['error', 'BAD_REQUEST'], ['ok', undefined], ['ok', ['5001']]]);
  });

  it('a ready made before config is answered by the relay once config comes', async () => {
    const relay = fakeRelay();
    const run = createCommandRunner(() => relay);
    const ready = run('ready', { timeoutMs: 5000 });
    await run('config', {});
    await expect(ready).resolves.toMatchObject({ status: 'fresh', segments: ['5001'] });
  });

  it('reject bad input at once, naming the problem, and queue nothing for it', async () => {
    const relay = fakeRelay();
    const run = createCommandRunner(() => relay);
    await expect(run('signals', { section: 'x' })).rejects.toThrow(/"section"/);
    await expect(run('traits', ['x'])).rejects.toThrow(/trait IDs/);
    await expect(run('on', 'segmnts', () => {})).rejects.toThrow(/expected \("segments" \| "connected" \| "lost" \| "reconnected" \| "debug", function\)/);
    await expect(run('explode')).rejects.toThrow(/"explode" is not one of config, signals/);
    await expect(run('toString')).rejects.toThrow(/is not one of/);
    await run('config', {});
    expect(relay.log).toEqual([]);
  });

  it('reject a second config on the same page', async () => {
    const run = createCommandRunner(() => fakeRelay());
    await run('config', {});
    await expect(run('config', {})).rejects.toThrow(/already configured/);
  });

  it('reject a config the relay refuses, with its message', async () => {
    const run = createCommandRunner(() => {
      throw new Error('[audience-relay] invalid config: dcs: expected an http(s) origin');
    });
    await expect(run('config', { dcs: 'nope' })).rejects.toThrow(/dcs: expected/);
  });

  it('ready settles by its deadline even when config never comes', async () => {
    vi.useFakeTimers();
    try {
      const run = createCommandRunner(() => fakeRelay());
      const ready = run('ready', { timeoutMs: 200 });
      await vi.advanceTimersByTimeAsync(200);
      await expect(ready).resolves.toMatchObject({ status: 'timeout', segments: [], error: { code: 'NOT_CONFIGURED' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it("each ready result before config is the page's own: changing one changes no later one", async () => {
    const run = createCommandRunner(() => fakeRelay());
    const first = (await run('ready', { timeoutMs: 1 })) as ReadyResult;
    first.segments.push('9999');
    first.traits.push(1);
    first.identity.source = 'new';
    await expect(run('ready', { timeoutMs: 1 })).resolves.toMatchObject({ segments: [], traits: [], identity: { source: 'none' } });
  });

  it('a ready before config with a bad option rejects at the call, and is never run later', async () => {
    const relay = fakeRelay();
    const run = createCommandRunner(() => relay);
    await expect(run('ready', { timeoutMs: -1 })).rejects.toThrow(/invalid ready options: timeoutMs/);
    await expect(run('ready', 'soon')).rejects.toThrow(/invalid ready options/);
    await run('config', {});
    expect(relay.log).toEqual([]);
  });

  it('a ready before config keeps one deadline: the relay gets what is left of it', async () => {
    vi.useFakeTimers();
    try {
      const relay = fakeRelay();
      const run = createCommandRunner(() => relay);
      void run('ready', { timeoutMs: 1000 });
      await vi.advanceTimersByTimeAsync(400);
      await run('config', {});
      expect(relay.log).toEqual([['ready', { timeoutMs: 600 }]]);
    } finally {
      vi.useRealTimers();
    }
  });
});
