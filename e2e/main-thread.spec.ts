import type { Page } from '@playwright/test';
import { demoConfig } from '@audience-relay/mock-dcs';
import { expect, test } from './fixtures';

/** What the page's document did with its cookies and localStorage before the fresh segments. */
interface Counts {
  /** `document.cookie` reads: each is a synchronous round trip to the browser process in Chromium. */
  cookieReads: number;
  cookieWrites: number;
  /** `window.localStorage` lookups (the first one opens the storage area: a synchronous round trip). */
  storageOpens: number;
  /** Storage method calls on localStorage, by name. */
  storageCalls: string[];
  /** Cookie Store API calls, by name (asynchronous: the main thread does not wait on them). */
  cookieStoreCalls: string[];
  /** How our `ready` settled, which ended the count. */
  status?: string;
}

/**
 * Counts, without changing what they do, the document's cookie accessor, its localStorage
 * and its Cookie Store calls made by our scripts, until the fresh segments come (a `ready`
 * answers; the tag caches them a task later). Each frame counts its own: the DCS frame's
 * document is not the host page's.
 */
function countStorage(): void {
  const counts: Counts = { cookieReads: 0, cookieWrites: 0, storageOpens: 0, storageCalls: [], cookieStoreCalls: [] };
  let fresh = false;
  // Ours only (the tag and its bundles), not the page's CMP or other scripts.
  const ours = (): boolean => /\/audience-relay[\w-]*\.js/.test(new Error().stack ?? '');
  const counting = (): boolean => !fresh && ours();
  (window as unknown as { __counts: Counts }).__counts = counts;
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
  Object.defineProperty(Document.prototype, 'cookie', {
    ...cookie,
    get() {
      if (counting()) counts.cookieReads++;
      return cookie.get!.call(this);
    },
    set(value: string) {
      if (counting()) counts.cookieWrites++;
      cookie.set!.call(this, value);
    },
  });
  const storage = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
  const area = storage.get!.call(window) as Storage;
  Object.defineProperty(window, 'localStorage', {
    ...storage,
    get() {
      if (counting()) counts.storageOpens++;
      return area;
    },
  });
  for (const name of ['getItem', 'setItem', 'removeItem', 'key', 'clear'] as const) {
    const method = Storage.prototype[name] as (...args: unknown[]) => unknown;
    Storage.prototype[name] = function (this: Storage, ...args: unknown[]) {
      if (counting() && this === area) counts.storageCalls.push(name);
      return method.apply(this, args);
    } as never;
  }
  const store = (window as unknown as { cookieStore?: object }).cookieStore;
  if (store) {
    const proto = Object.getPrototypeOf(store) as Record<string, (...args: unknown[]) => unknown>;
    for (const name of ['get', 'getAll', 'set', 'delete']) {
      const method = proto[name]!;
      proto[name] = function (this: unknown, ...args: unknown[]) {
        if (counting()) counts.cookieStoreCalls.push(name);
        return method.apply(this, args);
      };
    }
  }
  // Our own `ready` (as any page script may ask), with a deadline a busy machine cannot miss:
  // it answers when the fresh segments come, before the tag caches them (a task later).
  addEventListener('DOMContentLoaded', () => {
    const relay = (window as unknown as { audienceRelay: (...args: unknown[]) => Promise<{ status: string }> }).audienceRelay;
    void relay('ready', { timeoutMs: 30000 }).then(({ status }) => {
      fresh = true;
      counts.status = status;
    });
  });
}

const countsOf = (page: Page): Promise<Counts> => page.evaluate(() => structuredClone((window as unknown as { __counts: Counts }).__counts));
const statusOf = async (page: Page): Promise<string | undefined> => (await countsOf(page)).status;

test.describe('main thread: synchronous storage round trips on the host page', () => {
  // Without the demo's real-time content provider, whose segment arrives on its own schedule.
  test.beforeEach(({ sites }) => sites.dcs.setConfig(demoConfig([sites.publisher.url])));

  // No CMP: consent is granted as the tag starts. A CMP: it answers a task or more later.
  for (const [name, path] of [
    ['no CMP', '/publisher/'],
    ['a CMP', '/consent/?cmp=given'],
  ] as const) {
    test(`a repeat visit (${name}) opens localStorage once and reads no cookie on the tag's start path; before fresh segments, only the outputs bundle's segment cookie`, async ({ page, sites }) => {
      test.setTimeout(90_000);
      await page.addInitScript(countStorage);
      await page.goto(`${sites.publisher.url}${path}`);
      await expect.poll(() => statusOf(page), { timeout: 35_000 }).toBe('fresh');
      // The first visit left the device-ID copy and the segment cache (a task after `ready`).
      await expect.poll(() => page.evaluate(() => localStorage.getItem('ar_seg_acme'))).toMatch(/^\d+\|5001,5002$/);
      expect(await page.evaluate(() => localStorage.getItem('ar_uuid_acme'))).toMatch(/^\d{38}\|\d+$/);
      const first = await countsOf(page);

      await page.reload();
      await expect.poll(() => statusOf(page), { timeout: 35_000 }).toBe('fresh');
      await expect(page.getByTestId('segments')).toHaveText(/^5001, 5002/);
      const repeat = await countsOf(page);
      test.info().annotations.push({ type: 'counts', description: JSON.stringify({ first, repeat }) });
      console.log(name, JSON.stringify({ first, repeat }));

      // The tag's start path: the opt-out marker, the segment cache and the device-ID copy,
      // three reads of the one storage area the first access opened (in the renderer's memory
      // from then on), and no cookie. The rest is the outputs bundle's, which applies the fresh
      // segments before `ready` settles, so that the page's auction and data layer have them
      // (e2e/outputs-first-visit-ready.spec.ts): the demo's segment cookie (one read, and one
      // write: a blank Cookie Domain, Audience Manager's default, is the site's domain, as DIL
      // writes it; its site-wide record a second write, from the same read) and the record of
      // the DCS's cookie destinations (its own storage lookup).
      expect(repeat.storageCalls.slice(0, 3)).toEqual(['getItem', 'getItem', 'getItem']);
      expect(repeat.cookieReads).toBe(1);
      expect(repeat.cookieWrites).toBe(2);
      expect(repeat.storageOpens).toBe(2);
    });
  }
});
