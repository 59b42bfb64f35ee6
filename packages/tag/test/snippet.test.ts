// @vitest-environment happy-dom
// @vitest-environment-options { "settings": { "enableJavaScriptEvaluation": true, "disableJavaScriptFileLoading": true, "handleDisabledFileLoadingAsSuccess": true } }
// Runs the shipped, minified snippets (dist/snippet.min.js and dist/snippet-tt.min.js), the
// bytes publishers paste.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installGlobal, type QueuedCall } from '../src/install-global';


const dist = (file: string): string => readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../dist', file), 'utf8');
const SNIPPETS = { plain: dist('snippet.min.js'), tt: dist('snippet-tt.min.js') };

function paste(attributes: Record<string, string> = {}, snippet = SNIPPETS.plain): HTMLScriptElement {
  // From the prototype, as the snippet does: a test may have clobbered document's own names.
  const script = Reflect.get(Document.prototype, 'createElement', document).call(document, 'script') as HTMLScriptElement;
  for (const [name, value] of Object.entries({ 'data-src': 'https://dcs.example/audience-relay.js', ...attributes })) {
    script.setAttribute(name, value);
  }
  script.textContent = snippet;
  (Reflect.get(Document.prototype, 'head', document) as HTMLHeadElement).appendChild(script);
  return script;
}

// happy-dom "loads" a script element the moment it is inserted (a load event, nothing run):
// the tag's script is held here, as a slow network would, until a test says how it ends.
const holding = (event: Event): void => {
  if ((event.target as Element | null)?.matches?.('script[src]') && !(event as Event & { released?: true }).released) event.stopImmediatePropagation();
};
document.addEventListener('load', holding, true);
document.addEventListener('error', holding, true);

/** Ends the tag's script load: `error` (blocked, or a failed integrity check) or `load` (it ran). */
function loaderEnds(type: 'load' | 'error'): void {
  document.querySelector('script[src]')!.dispatchEvent(Object.assign(new Event(type), { released: true }));
}

type Global = ((...args: unknown[]) => Promise<unknown>) & { q: QueuedCall[] };
const host = window as unknown as Record<string, Global | undefined>;

afterEach(() => {
  delete host.audienceRelay;
  delete host.myRelay;
  (Reflect.get(Document.prototype, 'head', document) as HTMLHeadElement).replaceChildren();
});

describe('snippet (minified file)', () => {
  it('defines the global as a queueing function and loads the tag asynchronously, once', () => {
    paste();
    expect(typeof host.audienceRelay).toBe('function');
    const loaders = document.querySelectorAll('script[src]');
    expect(loaders).toHaveLength(1);
    const loader = loaders[0] as HTMLScriptElement;
    expect(loader.src).toBe('https://dcs.example/audience-relay.js');
    // Async because a script element made by script is (happy-dom does not model that; the
    // publisher e2e checks it in Chromium): the snippet must not turn it off.
    expect(loader.hasAttribute('async')).toBe(false);
    expect(loader.getAttribute('data-global')).toBe('audienceRelay');
    // CORS without credentials (the empty value is the anonymous state): no cookie goes with it.
    expect(loader.getAttribute('crossorigin')).toBe('');
    expect(loader.integrity).toBe('');
  });

  it('pins the tag with data-integrity (Subresource Integrity)', () => {
    const integrity = 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC';
    paste({ 'data-integrity': integrity });
    const loader = document.querySelector('script[src]') as HTMLScriptElement;
    expect(loader.integrity).toBe(integrity);
    expect(loader.getAttribute('crossorigin')).toBe('');
  });

  it('queues each call with its arguments, returning a promise', () => {
    paste();
    const result = host.audienceRelay!('signals', { c_section: 'sports' });
    expect(result).toBeInstanceOf(Promise);
    const call = host.audienceRelay!.q[0]!;
    expect(call).toHaveLength(5);
    const [resolve, reject, args, madeAt, url] = call;
    expect(Math.abs(Date.now() - madeAt!)).toBeLessThan(1000);
    // The page's URL then: a queued config's first page view is the landing page's.
    expect(url).toBe(location.href);
    expect(typeof resolve).toBe('function');
    expect(typeof reject).toBe('function');
    expect(Array.from(args)).toEqual(['signals', { c_section: 'sports' }]);
  });

  it('takes the global name from data-global', () => {
    paste({ 'data-global': 'myRelay' });
    expect(typeof host.myRelay).toBe('function');
    expect(host.audienceRelay).toBeUndefined();
    expect(document.querySelector('script[src]')?.getAttribute('data-global')).toBe('myRelay');
  });

  it('does nothing when pasted twice: one global, one tag load, the queue kept', () => {
    paste();
    void host.audienceRelay!('signals', { c_a: 1 });
    const first = host.audienceRelay;
    paste();
    expect(host.audienceRelay).toBe(first);
    expect(host.audienceRelay!.q).toHaveLength(1);
    expect(document.querySelectorAll('script[src]')).toHaveLength(1);
  });

  it('a rejected queued call does not surface as an unhandled rejection', async () => {
    paste();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      void host.audienceRelay!('nonsense');
      host.audienceRelay!.q[0]![1](new Error('unknown command'));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('snippet: when the tag cannot run', () => {
  const BLOCKED = {
    status: 'blocked',
    segments: [],
    traits: [],
    uuid: null,
    identity: { source: 'none', partitioned: null },
    cached: false,
    error: { code: 'TAG_BLOCKED', message: '[audience-relay] the tag did not load' },
  };

  // The snippet's text is in the page: a DOM recorder or RUM script that decodeURIComponents
  // the page's markup throws on a `%` not followed by two hex digits.
  it('holds no % in either build, so decoding the page that holds it never throws', () => {
    for (const file of ['snippet.min.js', 'snippet-tt.min.js']) {
      const text = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', file), 'utf8');
      expect(text.includes('%'), file).toBe(false);
    }
  });

  it('ready settles blocked by its own deadline when the tag never loads', async () => {
    paste();
    const started = Date.now();
    await expect(host.audienceRelay!('ready', { timeoutMs: 30 })).resolves.toEqual(BLOCKED);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  // A deadline the tag refuses is left to the tag (which says BAD_REQUEST) for the 10 s any
  // other call waits; a tag that never comes still settles it `blocked`, never a hang.
  it('a ready deadline the tag refuses waits 10 s for the tag, then settles blocked, not at once', async () => {
    vi.useFakeTimers();
    try {
      paste();
      const settled: string[] = [];
      for (const timeoutMs of [-1, 0, 3e9, Infinity, Number.NaN]) {
        void host.audienceRelay!('ready', { timeoutMs }).then((r) => settled.push(`${timeoutMs} ${(r as { status: string }).status}`));
      }
      void host.audienceRelay!('ready').then((r) => settled.push(`default ${(r as { status: string }).status}`));
      await vi.advanceTimersByTimeAsync(1000);
      expect(settled).toEqual(['default blocked']);
      await vi.advanceTimersByTimeAsync(9000);
      expect(settled.sort()).toEqual(['-1 blocked', '0 blocked', '3000000000 blocked', 'Infinity blocked', 'NaN blocked', 'default blocked']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the tag arriving before the deadline settles ready instead', async () => {
    paste();
    const ready = host.audienceRelay!('ready', { timeoutMs: 50 });
    installGlobal(window, 'audienceRelay', async () => ({ status: 'fresh' }));
    await expect(ready).resolves.toEqual({ status: 'fresh' });
  });

  for (const [how, event] of [
    ['fails to load (blocked, offline, a CSP) or fails its integrity check', 'error'],
    ['dies during evaluation, before it installed itself', 'load'],
  ] as const) {
    it(`the tag script that ${how} settles every queued call at once, and every later one, and says so`, async () => {
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      paste();
      const ready = host.audienceRelay!('ready', { timeoutMs: 5000 });
      const signals = host.audienceRelay!('signals', { c_a: 1 });
      expect(error).not.toHaveBeenCalled();
      loaderEnds(event);
      await expect(ready).resolves.toEqual(BLOCKED);
      await expect(signals).rejects.toThrow('[audience-relay] the tag did not load');
      expect(host.audienceRelay!.q).toEqual([]);
      await expect(host.audienceRelay!('getSegments')).rejects.toThrow('the tag did not load');
      await expect(host.audienceRelay!('ready')).resolves.toMatchObject({ status: 'blocked' });
      expect(error).toHaveBeenCalledTimes(1);
      expect(error).toHaveBeenCalledWith('[audience-relay] the tag did not load');
    });
  }

  it('the tag that ran and installed itself: its load event changes nothing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    paste();
    const ready = host.audienceRelay!('ready', { timeoutMs: 5000 });
    installGlobal(window, 'audienceRelay', async () => ({ status: 'fresh' }));
    loaderEnds('load');
    await expect(ready).resolves.toEqual({ status: 'fresh' });
    expect(error).not.toHaveBeenCalled();
  });

  it('snippet-tt: the tag URL comes from the Trusted Types policy named by data-tt-policy, kept for the tag', () => {
    const createPolicy = vi.fn((_name: string, rules: { createScriptURL(url: string): string }) => ({ createScriptURL: (url: string) => rules.createScriptURL(url) }));
    (window as unknown as { trustedTypes: unknown }).trustedTypes = { createPolicy };
    try {
      paste({ 'data-tt-policy': 'audience-relay' }, SNIPPETS.tt);
      expect(createPolicy).toHaveBeenCalledWith('audience-relay', expect.any(Object));
      expect((document.querySelector('script[src]') as HTMLScriptElement).src).toBe('https://dcs.example/audience-relay.js');
      expect(typeof (host.audienceRelay as unknown as { p: { createScriptURL: unknown } }).p.createScriptURL).toBe('function');
    } finally {
      delete (window as unknown as { trustedTypes?: unknown }).trustedTypes;
    }
  });

  it('snippet-tt in a browser without Trusted Types loads the tag from the plain URL', () => {
    expect('trustedTypes' in window).toBe(false);
    paste({ 'data-tt-policy': 'audience-relay' }, SNIPPETS.tt);
    expect((document.querySelector('script[src]') as HTMLScriptElement).src).toBe('https://dcs.example/audience-relay.js');
    expect(Object.hasOwn(host.audienceRelay!, 'p')).toBe(false);
  });

  for (const [variant, why] of [
    ['plain', 'snippet.min.js on a page that enforces Trusted Types (a plain string for a script URL throws)'],
    ['tt', 'snippet-tt.min.js with a policy name the page does not allow (createPolicy throws)'],
  ] as const) {
    it(`${why}: nothing throws into the page, every call settles at once and later ones too, and the console says so`, async () => {
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      const refusal = new TypeError("This document requires 'TrustedScriptURL' assignment.");
      // What Chromium does under `require-trusted-types-for 'script'` (e2e/strict-csp.spec.ts checks the real thing).
      let proto: object = HTMLScriptElement.prototype;
      while (!Object.hasOwn(proto, 'src')) proto = Object.getPrototypeOf(proto) as object;
      const src = Object.getOwnPropertyDescriptor(proto, 'src')!;
      Object.defineProperty(HTMLScriptElement.prototype, 'src', {
        configurable: true,
        get: src.get!,
        set(value: unknown) {
          if (typeof value === 'string') throw refusal;
          src.set!.call(this, String(value));
        },
      });
      (window as unknown as { trustedTypes: unknown }).trustedTypes = {
        createPolicy: () => {
          throw refusal;
        },
      };
      try {
        paste({ 'data-tt-policy': 'not-allowed' }, SNIPPETS[variant]);
        expect(typeof host.audienceRelay).toBe('function');
        expect(document.querySelector('script[src]')).toBeNull();
        await expect(host.audienceRelay!('ready', { timeoutMs: 60_000 })).resolves.toEqual(BLOCKED);
        await expect(host.audienceRelay!('signals', { c_a: 1 })).rejects.toThrow('[audience-relay] the tag did not load');
        expect(error).toHaveBeenCalledWith('[audience-relay] the tag did not load');
      } finally {
        if (proto === HTMLScriptElement.prototype) Object.defineProperty(proto, 'src', src);
        else delete (HTMLScriptElement.prototype as unknown as { src?: unknown }).src;
        delete (window as unknown as { trustedTypes?: unknown }).trustedTypes;
      }
    });
  }
});

describe('installing the tag over the snippet', () => {
  it('replays queued calls in order and settles each call promise with its result', async () => {
    paste();
    const first = host.audienceRelay!('config', { partner: 'acme' });
    const second = host.audienceRelay!('signals', { c_a: 1 });
    const seen: string[] = [];
    const run = vi.fn(async (name: unknown) => {
      seen.push(String(name));
      if (name === 'signals') throw new Error('bad signals');
      return 'configured';
    });
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(installGlobal(window, 'audienceRelay', run)).toBe(true);
    await expect(first).resolves.toBe('configured');
    await expect(second).rejects.toThrow('bad signals');
    expect(seen).toEqual(['config', 'signals']);
    expect(error).toHaveBeenCalledWith('bad signals');
  });

  // (New-user trial: through the snippet, a ready({ timeoutMs: 800 }) made while the tag loaded
  // settled after 921 to 1477 ms: the tag gave it a fresh deadline when it replayed it.)
  it('a ready queued while the tag loads keeps the deadline the page gave when it made the call', async () => {
    vi.useFakeTimers();
    try {
      paste();
      void host.audienceRelay!('ready', { timeoutMs: 800 });
      void host.audienceRelay!('ready');
      const extra = host.audienceRelay!('ready', { timeoutMs: 900 }, 'page junk');
      vi.advanceTimersByTime(600);
      const deadlines: unknown[] = [];
      const run = vi.fn(async (name: unknown, ...args: unknown[]) => void deadlines.push([name, ...args]));
      installGlobal(window, 'audienceRelay', run);
      await extra;
      // Each carries when it was made, in place of whatever came after its options.
      expect(deadlines).toEqual([
        ['ready', { timeoutMs: 800 }, Date.now() - 600],
        ['ready', undefined, Date.now() - 600],
        ['ready', { timeoutMs: 900 }, Date.now() - 600],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs calls made later, also through a reference kept to the snippet function', async () => {
    paste();
    const kept = host.audienceRelay!;
    const run = vi.fn(async (...call: unknown[]) => call[0]);
    installGlobal(window, 'audienceRelay', run);
    await expect(host.audienceRelay!('ready')).resolves.toBe('ready');
    await expect(kept('getSegments')).resolves.toBe('getSegments');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('a page that wrapped the global: the snippet hands its function over on the script element; the wrapper stays and its calls run', async () => {
    paste();
    const snippet = host.audienceRelay!;
    const logged: unknown[] = [];
    const wrapper = ((...args: unknown[]) => (logged.push(args[0]), snippet(...args))) as Global;
    host.audienceRelay = wrapper;
    const queued = host.audienceRelay('config', { partner: 'acme' });
    // The element the snippet inserted carries its function (the tag reads it as its currentScript).
    const handed = Object.getOwnPropertyDescriptor(document.querySelector('script[src]')!, 'f')?.value;
    expect(handed).toBe(snippet);
    const run = vi.fn(async (...call: unknown[]) => call[0]);
    expect(installGlobal(window, 'audienceRelay', run, handed)).toBe(true);
    await expect(queued).resolves.toBe('config');
    expect(host.audienceRelay).toBe(wrapper);
    await expect(host.audienceRelay('ready')).resolves.toBe('ready');
    expect(logged).toEqual(['config', 'ready']);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('a second copy of the tag warns once and changes nothing', () => {
    paste();
    const run = vi.fn(async () => undefined);
    installGlobal(window, 'audienceRelay', run);
    const installed = host.audienceRelay;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(installGlobal(window, 'audienceRelay', vi.fn(async () => undefined))).toBe(false);
    expect(host.audienceRelay).toBe(installed);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('installing the tag: nothing it meets stops a call from settling', () => {
  it('a queued command that throws (a tag bug, a patched intrinsic) stops neither the replay nor the install: every call settles, in order', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    paste();
    const calls = [host.audienceRelay!('config', {}), host.audienceRelay!('signals', { c_a: 1 }), host.audienceRelay!('ready', { timeoutMs: 60_000 }), host.audienceRelay!('traits', [1])];
    const seen: unknown[] = [];
    const run = (...call: unknown[]): Promise<unknown> => {
      seen.push(call[0]);
      if (call[0] === 'signals' || call[0] === 'ready') throw new TypeError('patched');
      return Promise.resolve(`ran ${String(call[0])}`);
    };
    expect(() => installGlobal(window, 'audienceRelay', run)).not.toThrow();
    expect(seen).toEqual(['config', 'signals', 'ready', 'traits']);
    await expect(calls[0]).resolves.toBe('ran config');
    await expect(calls[1]).rejects.toThrow('patched');
    // ready never rejects: blocked, with the reason.
    await expect(calls[2]).resolves.toMatchObject({ status: 'blocked', segments: [], error: { code: 'TAG_FAILED', message: 'patched' } });
    await expect(calls[3]).resolves.toBe('ran traits');
    await expect(host.audienceRelay!('config', {})).resolves.toBe('ran config');
  });

  it('a call pushed onto the queue while it replays (through a kept reference) runs after the queued ones', async () => {
    paste();
    const kept = host.audienceRelay!;
    void kept('config', {});
    const seen: unknown[] = [];
    let later: Promise<unknown> | undefined;
    installGlobal(window, 'audienceRelay', async (...call) => {
      seen.push(call[0]);
      if (call[0] === 'config') later = kept('ready');
      return call[0];
    });
    await expect(later).resolves.toBe('ready');
    expect(seen).toEqual(['config', 'ready']);
  });

  it('a global name the page made an accessor (writes ignored): the console says it is taken; data-global is the way out', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    Object.defineProperty(window, 'audienceRelay', { configurable: true, get: () => 42, set: () => {} });
    try {
      paste();
      expect(host.audienceRelay).toBe(42);
      expect(installGlobal(window, 'audienceRelay', async (...call) => `ran ${String(call[0])}`)).toBe(true);
      expect(error).toHaveBeenCalledWith('[audience-relay] window.audienceRelay is taken by the page; set data-global to another name');
    } finally {
      delete host.audienceRelay;
    }
    paste({ 'data-global': 'myRelay' });
    installGlobal(window, 'myRelay', async (...call) => `ran ${String(call[0])}`);
    await expect(host.myRelay!('ready')).resolves.toBe('ran ready');
  });

  it('a polluted Object.prototype.q or .loaded is neither a queue to replay nor a tag already loaded', async () => {
    Object.assign(Object.prototype, { q: [['config', {}]], loaded: true });
    try {
      const seen: unknown[] = [];
      (window as unknown as Record<string, unknown>).audienceRelay = () => undefined;
      expect(installGlobal(window, 'audienceRelay', async (...call) => void seen.push(call[0]))).toBe(true);
      await host.audienceRelay!('ready');
      expect(seen).toEqual(['ready']);
    } finally {
      delete (Object.prototype as Record<string, unknown>).q;
      delete (Object.prototype as Record<string, unknown>).loaded;
    }
  });
});

describe('a queue left by another snippet', () => {
  it('bare argument lists are run in order, without throwing into the page', async () => {
    const seen: unknown[][] = [];
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const legacy = Object.assign(() => undefined, { q: [['config', { partner: 'acme' }], { 0: 'signals', 1: { c_a: 1 }, length: 2 }] });
    (window as unknown as Record<string, unknown>).audienceRelay = legacy;
    expect(() => installGlobal(window, 'audienceRelay', async (...call) => void seen.push(call))).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([['config', { partner: 'acme' }], ['signals', { c_a: 1 }]]);
    // Calls that succeed say nothing on the console.
    expect(error).not.toHaveBeenCalled();
  });
});

describe('snippet on a hostile page', () => {
  afterEach(() => {
    for (const key of ['global', 'src', 'ttPolicy', 'integrity', 'timeoutMs', 'audienceRelay', 'q', 'call', 'loaded', 'e', 'p']) {
      delete (Object.prototype as Record<string, unknown>)[key];
    }
    for (const key of ['currentScript', 'createElement', 'head']) delete (document as unknown as Record<string, unknown>)[key];
  });

  it('named elements over document.currentScript, createElement and head do not reach it', () => {
    // What <img name=currentScript> etc. do in a browser: a document property that shadows the built-in.
    const img = document.createElement('img');
    img.setAttribute('data-src', 'https://evil.example/x.js');
    for (const key of ['currentScript', 'createElement', 'head']) Object.defineProperty(document, key, { value: img, configurable: true });
    paste();
    expect(typeof host.audienceRelay).toBe('function');
    const loaders = document.querySelectorAll('script[src]');
    expect(loaders).toHaveLength(1);
    expect((loaders[0] as HTMLScriptElement).src).toBe('https://dcs.example/audience-relay.js');
  });

  it('a polluted Object.prototype changes neither the name, the URL, the integrity nor a deadline', async () => {
    Object.assign(Object.prototype, { global: 'evilRelay', ttPolicy: 'evil', integrity: 'sha384-evil', timeoutMs: 1e9, audienceRelay: { q: [], call: 1, loaded: true } });
    const started = Date.now();
    paste({ 'data-src': 'https://dcs.example/audience-relay.js' });
    expect(Object.hasOwn(window, 'audienceRelay')).toBe(true);
    expect(Object.hasOwn(window, 'evilRelay')).toBe(false);
    const loader = document.querySelector('script[src]') as HTMLScriptElement;
    expect(loader.src).toBe('https://dcs.example/audience-relay.js');
    expect(loader.getAttribute('integrity') ?? '').toBe('');
    await expect(host.audienceRelay!('ready', { timeoutMs: 30 })).resolves.toMatchObject({ status: 'blocked' });
    // Without its own timeoutMs, ready takes the default second, not the prototype's 1e9 ms.
    await expect(host.audienceRelay!('ready')).resolves.toMatchObject({ status: 'blocked' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a polluted Object.prototype.e, .p or .q is not the snippet state: calls wait for the tag and run there', async () => {
    Object.assign(Object.prototype, { e: 1, p: { createScriptURL: () => 'https://evil.example/x.js' }, q: [] });
    paste();
    const signals = host.audienceRelay!('signals', { c_a: 1 });
    expect(Object.hasOwn(host.audienceRelay!, 'q')).toBe(true);
    expect(host.audienceRelay!.q).toHaveLength(1);
    installGlobal(window, 'audienceRelay', async (...call) => `ran ${String(call[0])}`);
    await expect(signals).resolves.toBe('ran signals');
  });

  it('a global name the page took (a named element, a value of its own) is taken over, and works', async () => {
    const div = document.createElement('div');
    // Where a browser puts <div id=audienceRelay>: on the window's prototype chain, writable.
    Object.defineProperty(Object.getPrototypeOf(window), 'audienceRelay', { value: div, configurable: true, writable: true });
    (window as unknown as Record<string, unknown>).myRelay = 42;
    try {
      paste();
      paste({ 'data-global': 'myRelay' });
      for (const name of ['audienceRelay', 'myRelay']) {
        expect(typeof host[name]).toBe('function');
        await expect(host[name]!('ready', { timeoutMs: 20 })).resolves.toMatchObject({ status: 'blocked' });
      }
      expect(document.querySelectorAll('script[src]')).toHaveLength(2);
    } finally {
      delete (Object.getPrototypeOf(window) as Record<string, unknown>).audienceRelay;
    }
  });
});
