// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { loadBundle } from '../src/bundle-loader';

const KEY = Symbol.for('audience-relay.test-bundle');
const source = { src: 'https://cdn.example/v/abc/audience-relay-outputs.js', nonce: 'n0nce', integrity: 'sha384-AAAA' };
const head = (): HTMLHeadElement => Reflect.get(Document.prototype, 'head', document) as HTMLHeadElement;

// happy-dom ends a script load the moment it is inserted: hold it, as a network would, until a
// test ends it (its events carry `released`).
const holding = (event: Event): void => {
  if (!(event as Event & { released?: true }).released) event.stopImmediatePropagation();
};
document.addEventListener('load', holding, true);
document.addEventListener('error', holding, true);
const ends = (type: 'load' | 'error'): void => void head().querySelector('script')!.dispatchEvent(Object.assign(new Event(type), { released: true }));

afterEach(() => {
  delete (window as unknown as Record<symbol, unknown>)[KEY];
  for (const key of ['createElement', 'head']) delete (document as unknown as Record<string, unknown>)[key];
  head().replaceChildren();
});

describe('loadBundle (CDN tag, on-demand bundles)', () => {
  it('loads the bundle without credentials (crossorigin=anonymous), pinned by its integrity hash, with the nonce', () => {
    void loadBundle(window, source, KEY).catch(() => {});
    const script = head().querySelector('script')!;
    expect(script.src).toBe(source.src);
    expect(script.getAttribute('crossorigin')).toBe('anonymous');
    expect(script.integrity).toBe('sha384-AAAA');
    expect(script.nonce).toBe('n0nce');
  });

  it('a failed load or integrity check rejects with a message naming the file', async () => {
    const loaded = loadBundle(window, source, KEY);
    ends('error');
    await expect(loaded).rejects.toThrow(`[audience-relay] ${source.src} did not load (blocked, or its integrity check failed)`);
  });

  it('resolves with what the bundle registered', async () => {
    const tools = { name: 'tools' };
    const loaded = loadBundle<typeof tools>(window, source, KEY);
    // As registerBundle does: under the URL of the script that ran.
    (window as unknown as Record<symbol, unknown>)[KEY] = { [source.src]: tools };
    ends('load');
    await expect(loaded).resolves.toBe(tools);
  });

  it('a page that put a `then` on Object.prototype does not take the bundle over (it resolves inert)', async () => {
    const tools = { name: 'tools' };
    Object.defineProperty(Object.prototype, 'then', { configurable: true, get: () => () => {} });
    try {
      const loaded = loadBundle<typeof tools>(window, source, KEY);
      (window as unknown as Record<symbol, unknown>)[KEY] = { [source.src]: tools };
      ends('load');
      // The page's no-op `then` would leave the promise pending for ever.
      expect(await Promise.race([loaded, new Promise((resolve) => setTimeout(() => resolve('pending'), 200))])).toBe(tools);
    } finally {
      delete (Object.prototype as { then?: unknown }).then;
    }
  });

  it('named elements over document.createElement and document.head do not reach it', () => {
    const img = document.createElement('img');
    for (const key of ['createElement', 'head']) Object.defineProperty(document, key, { value: img, configurable: true });
    void loadBundle(window, source, KEY).catch(() => {});
    expect(img.children).toHaveLength(0);
    expect(head().querySelector('script')?.src).toBe(source.src);
  });
});
