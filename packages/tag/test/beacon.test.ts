import { describe, expect, it, vi } from 'vitest';
import { pageBeacon } from '../src/beacon';

// A window with the fetch and sendBeacon the tag takes at start-up.
function fakeWindow(fetch: (url: string, init: RequestInit) => Promise<unknown>) {
  const sendBeacon = vi.fn(() => true);
  return { win: { fetch: vi.fn(fetch), navigator: { sendBeacon } } as unknown as Window & { fetch: ReturnType<typeof vi.fn> }, sendBeacon };
}

function deferred() {
  let resolve!: () => void;
  let reject!: () => void;
  const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = () => no(new TypeError('Failed to fetch')))));
  return { promise, resolve, reject };
}

describe('the page-hide beacon', () => {
  it('is a keepalive form POST with cookies and the page origin only as Referer, whatever the page policy', () => {
    const { win, sendBeacon } = fakeWindow(() => new Promise(() => {}));
    const beacon = pageBeacon(win)!;
    expect(beacon('https://dcs.example/event', 'c_a=1', () => {})).toBe(true);
    expect(win.fetch).toHaveBeenCalledWith('https://dcs.example/event', {
      method: 'POST',
      body: 'c_a=1',
      keepalive: true,
      mode: 'no-cors',
      credentials: 'include',
      referrerPolicy: 'strict-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(sendBeacon).not.toHaveBeenCalled();
  });

  it('its fetch options are its own: a page\'s Object.prototype.signal or .integrity is not read as ours', () => {
    const seen: unknown[] = [];
    const { win } = fakeWindow((_url, init) => (seen.push(init.signal, init.integrity, init.window), new Promise(() => {})));
    const proto = Object.prototype as Record<string, unknown>;
    proto.signal = AbortSignal.abort();
    proto.integrity = 'sha256-none';
    proto.window = {};
    try {
      expect(pageBeacon(win)!('https://dcs.example/event', 'c_a=1', () => {})).toBe(true);
    } finally {
      delete proto.signal;
      delete proto.integrity;
      delete proto.window;
    }
    expect(seen).toEqual([undefined, undefined, undefined]);
  });

  it('refuses at once what would take its own bytes in flight past 64 KiB, and takes more once they landed', async () => {
    const first = deferred();
    const answers = [first.promise, new Promise(() => {})];
    const { win } = fakeWindow(() => answers.shift()!);
    const beacon = pageBeacon(win)!;
    const refused = vi.fn();
    expect(beacon('u', 'a'.repeat(40000), refused)).toBe(true);
    expect(beacon('u', 'b'.repeat(30000), refused)).toBe(false);
    expect(win.fetch).toHaveBeenCalledTimes(1);
    first.resolve();
    await first.promise;
    await Promise.resolve();
    expect(beacon('u', 'b'.repeat(30000), refused)).toBe(true);
    expect(refused).not.toHaveBeenCalled();
  });

  it('tells when the browser refused later, and counts those bytes no more', async () => {
    const failed = deferred();
    const { win } = fakeWindow(() => failed.promise);
    const beacon = pageBeacon(win)!;
    const refused = vi.fn();
    expect(beacon('u', 'a'.repeat(60000), refused)).toBe(true);
    failed.reject();
    await failed.promise.catch(() => {});
    await Promise.resolve();
    expect(refused).toHaveBeenCalledTimes(1);
    win.fetch.mockImplementation(() => new Promise(() => {}));
    expect(beacon('u', 'a'.repeat(60000), refused)).toBe(true);
  });

  it('a fetch that throws is a refusal at once; a fetch the page replaced after start-up does not get the call', () => {
    const { win } = fakeWindow(() => {
      throw new TypeError('blocked');
    });
    const beacon = pageBeacon(win)!;
    expect(beacon('u', 'c_a=1', () => {})).toBe(false);
    const spy = vi.fn();
    const { win: other } = fakeWindow(() => new Promise(() => {}));
    const original = other.fetch;
    const later = pageBeacon(other)!;
    (other as unknown as { fetch: unknown }).fetch = spy;
    expect(later('u', 'c_a=1', () => {})).toBe(true);
    expect(spy).not.toHaveBeenCalled();
    expect(original).toHaveBeenCalledTimes(1);
  });

  it('where fetch cannot be kept alive (Firefox before 133), sendBeacon; without either, none', () => {
    const keepalive = Object.getOwnPropertyDescriptor(Request.prototype, 'keepalive');
    // @ts-expect-error: a browser without the property
    delete Request.prototype.keepalive;
    try {
      expect('keepalive' in Request.prototype).toBe(false);
      const { win, sendBeacon } = fakeWindow(() => new Promise(() => {}));
      expect(pageBeacon(win)!('https://dcs.example/event', 'c_a=1', () => {})).toBe(true);
      expect(sendBeacon).toHaveBeenCalledWith('https://dcs.example/event', expect.any(Blob));
      expect(win.fetch).not.toHaveBeenCalled();
      expect(pageBeacon({ fetch: undefined, navigator: {} } as unknown as Window)).toBeUndefined();
    } finally {
      if (keepalive) Object.defineProperty(Request.prototype, 'keepalive', keepalive);
    }
  });
});
