// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCookies } from '../src/load-cookies';
import { deviceIdCookie } from '../src/device-id-cookie';
import { optOutCookie } from '../src/opt-out-cookie';
import { nextTask } from './next-task';

// A browser with the Cookie Store API, as the tag finds it when it loads (window's own
// `cookieStore` accessor and `CookieStore.prototype.getAll`): a fake over the jar that the
// fake document below shows too, as a browser keeps one jar for both APIs.
const browser = vi.hoisted(() => {
  const state = { jar: new Map<string, string>(), made: 0, getAlls: 0, fail: null as null | 'reject' | 'throw' | 'accessor' };
  class FakeCookieStore {
    async getAll(): Promise<Array<{ name: string; value: string }>> {
      state.getAlls++;
      if (state.fail === 'reject') return Promise.reject(new Error('getAll failed'));
      return [...state.jar].map(([name, value]) => ({ name, value }));
    }
  }
  // A synchronous throw, as a browser's binding throws on a bad `this`.
  const getAll = FakeCookieStore.prototype.getAll;
  FakeCookieStore.prototype.getAll = function (this: FakeCookieStore) {
    if (state.fail === 'throw' || !(this instanceof FakeCookieStore)) throw new TypeError('Illegal invocation');
    return getAll.call(this);
  };
  const store = new FakeCookieStore();
  Object.defineProperty(globalThis, 'CookieStore', { value: FakeCookieStore, configurable: true, writable: true });
  Object.defineProperty(globalThis, 'cookieStore', {
    get: () => {
      if (state.fail === 'accessor') throw new Error('SecurityError');
      state.made++;
      return store;
    },
    configurable: true,
  });
  return { state, FakeCookieStore, store };
});

const UUID = '7'.repeat(38);
// Stores made while the tag's modules loaded (above): none.
const madeAtStart = browser.state.made;

/** A document whose cookie accessor counts, over the fake browser's jar. */
function page() {
  const doc = {
    reads: 0,
    location: { protocol: 'https:' },
    get cookie(): string {
      doc.reads++;
      return [...browser.state.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    },
  };
  return doc;
}

beforeEach(async () => {
  Object.assign(browser.state, { jar: new Map([['publisher_own', '1']]), getAlls: 0, fail: null });
  // Each test in a task of its own: nothing read before it is served.
  await nextTask();
});

describe('loadCookies with the Cookie Store API', () => {
  it('reads our cookies without document.cookie; the opt-out and device-ID reads of that task are served from them', async () => {
    browser.state.jar.set('ar_uuid_acme', UUID);
    const doc = page();
    await loadCookies(doc as unknown as Document);
    expect(optOutCookie(doc as unknown as Document, 'acme').read()).toBe(false);
    expect(deviceIdCookie(doc as unknown as Document, 'acme').read()).toBe(UUID);
    expect(doc.reads).toBe(0);
    expect(browser.state.getAlls).toBe(1);
    // A later task: the jar is read again, once, from document.cookie (no load was asked for).
    browser.state.jar.set('ar_optout_acme', '1');
    await nextTask();
    expect(optOutCookie(doc as unknown as Document, 'acme').read()).toBe(true);
    expect(deviceIdCookie(doc as unknown as Document, 'acme').read()).toBe(UUID);
    expect(doc.reads).toBe(1);
  });

  it('loads asked for together share one getAll; a later load asks again', async () => {
    const doc = page();
    await Promise.all([loadCookies(doc as unknown as Document), loadCookies(doc as unknown as Document)]);
    expect(browser.state.getAlls).toBe(1);
    await loadCookies(doc as unknown as Document);
    expect(browser.state.getAlls).toBe(2);
    expect(doc.reads).toBe(0);
  });

  it('makes the store only when asked to load, not as the tag starts (making it costs the page too)', async () => {
    expect(madeAtStart).toBe(0);
    const made = browser.state.made;
    await loadCookies(page() as unknown as Document);
    expect(browser.state.made).toBe(made + 1);
  });

  for (const fail of ['reject', 'throw', 'accessor'] as const) {
    it(`falls back to one document.cookie read when the Cookie Store ${fail === 'accessor' ? 'cannot be had' : `${fail}s`}, and never rejects`, async () => {
      browser.state.fail = fail;
      browser.state.jar.set('ar_optout_acme', '1');
      const doc = page();
      await expect(loadCookies(doc as unknown as Document)).resolves.toBeUndefined();
      expect(doc.reads).toBe(1);
      expect(optOutCookie(doc as unknown as Document, 'acme').read()).toBe(true);
      expect(deviceIdCookie(doc as unknown as Document, 'acme').read()).toBeNull();
      expect(doc.reads).toBe(1);
    });
  }

  it('uses the Cookie Store the tag found as it started: one a page puts on window, or a getAll it patches in, later, is never called', async () => {
    const impostor = { getAll: vi.fn(async () => [{ name: 'ar_optout_acme', value: '1' }]) };
    const patched = vi.fn(async () => [{ name: 'ar_optout_acme', value: '1' }]);
    const own = Object.getOwnPropertyDescriptor(globalThis, 'cookieStore')!;
    const getAll = browser.FakeCookieStore.prototype.getAll;
    Object.defineProperty(globalThis, 'cookieStore', { get: () => impostor, configurable: true });
    browser.FakeCookieStore.prototype.getAll = patched;
    try {
      const doc = page();
      await loadCookies(doc as unknown as Document);
      expect(optOutCookie(doc as unknown as Document, 'acme').read()).toBe(false);
      expect(impostor.getAll).not.toHaveBeenCalled();
      expect(patched).not.toHaveBeenCalled();
      expect(browser.state.getAlls).toBe(1);
    } finally {
      Object.defineProperty(globalThis, 'cookieStore', own);
      browser.FakeCookieStore.prototype.getAll = getAll;
    }
  });
});

describe('loadCookies without the Cookie Store API', () => {
  it('is one document.cookie read, which the reads of its task share', async () => {
    vi.resetModules();
    // As in a browser without it: neither the accessor nor the interface.
    const own = Object.getOwnPropertyDescriptor(globalThis, 'cookieStore')!;
    const ownInterface = Object.getOwnPropertyDescriptor(globalThis, 'CookieStore')!;
    Reflect.deleteProperty(globalThis, 'cookieStore');
    Reflect.deleteProperty(globalThis, 'CookieStore');
    try {
      const fresh = {
        load: (await import('../src/load-cookies')).loadCookies,
        deviceIds: (await import('../src/device-id-cookie')).deviceIdCookie,
        optOut: (await import('../src/opt-out-cookie')).optOutCookie,
      };
      browser.state.jar.set('ar_uuid_acme', UUID);
      const doc = page();
      await fresh.load(doc as unknown as Document);
      expect(doc.reads).toBe(1);
      expect(fresh.optOut(doc as unknown as Document, 'acme').read()).toBe(false);
      expect(fresh.deviceIds(doc as unknown as Document, 'acme').read()).toBe(UUID);
      expect(doc.reads).toBe(1);
      expect(browser.state.getAlls).toBe(0);
    } finally {
      Object.defineProperty(globalThis, 'cookieStore', own);
      Object.defineProperty(globalThis, 'CookieStore', ownInterface);
    }
  });
});
