// @vitest-environment happy-dom
// Session o (issue 18, the host page's script time): the clean-up of cookie destinations (consent
// refused or withdrawn, an opt-out) read the whole cookie jar through `document.cookie`, a
// synchronous round trip to the browser: 6-9 ms of the page's main thread on every page view
// of a visitor who refused consent. Where the browser has the Cookie Store, the site record is
// read through it (taken at start); one whose answer never comes (a page that broke promises)
// still gets the cookies removed, through the jar, 200 ms later.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Cookies = ReadonlyArray<{ value?: unknown }>;
const names = (): string[] => (document.cookie ? document.cookie.split('; ').map((pair) => pair.split('=')[0]!).sort() : []);

/** The clean-up as the tag would load it on a page whose Cookie Store's getAll is `getAll`. */
async function cookieModule(getAll: (name: string) => Promise<Cookies>) {
  vi.resetModules();
  vi.stubGlobal('cookieStore', { getAll });
  return import('../../src/clear-cookie-destinations');
}

beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://www.pub.example/');
  // Another host of the site wrote a Domain destination and its site record; this host's storage knows nothing.
  document.cookie = 'aud_seg=5001; Domain=.pub.example; Path=/';
  document.cookie = 'ar_cd_acme=aud_seg:pub.example; Domain=.pub.example; Path=/';
});
afterEach(() => {
  vi.unstubAllGlobals();
  for (const name of names()) document.cookie = `${name}=; Max-Age=-1; Domain=.pub.example; Path=/`;
  localStorage.clear();
});

describe('the clean-up reads the site record through the Cookie Store where there is one', () => {
  it('asks the Cookie Store for the record by its name, and removes what it names', async () => {
    const getAll = vi.fn(async (name: string): Promise<Cookies> => (name === 'ar_cd_acme' ? [{ value: 'aud_seg:pub.example' }] : []));
    const { clearCookieDestinations } = await cookieModule(getAll);
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(getAll.mock.calls).toEqual([['ar_cd_acme']]);
    expect(names()).toEqual([]);
  });

  it('a Cookie Store that never answers: the cookies still go, through the jar, after 200 ms', async () => {
    const { clearCookieDestinations } = await cookieModule(() => new Promise<Cookies>(() => {}));
    const started = Date.now();
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(names()).toEqual([]);
  });

  it("a page that broke Array.prototype.flatMap after start: nothing of ours is thrown into it (no unhandled rejection), and the clean-up settles", async () => {
    const { clearCookieDestinations } = await cookieModule(async () => [{ value: 'aud_seg:pub.example' }]);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const flatMap = Object.getOwnPropertyDescriptor(Array.prototype, 'flatMap')!;
    Object.defineProperty(Array.prototype, 'flatMap', { ...flatMap, value: () => { throw new Error('page'); } });
    try {
      await clearCookieDestinations(document, () => localStorage, 'acme');
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      Object.defineProperty(Array.prototype, 'flatMap', flatMap);
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it('a Cookie Store that refuses: the jar, at once', async () => {
    const { clearCookieDestinations } = await cookieModule(() => Promise.reject(new DOMException('denied', 'SecurityError')));
    await clearCookieDestinations(document, () => localStorage, 'acme');
    expect(names()).toEqual([]);
  });
});
