// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { deviceIdCopy } from '../src/device-id-copy';
import { optOutMarker } from '../src/opt-out-marker';
import { removeCookie, writeCookie } from '../src/cookie';

const UUID = '7'.repeat(38);
const DAY = 86_400_000;

afterEach(() => localStorage.clear());

/** A Storage that counts its calls, over a map. */
function countingStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  const calls: string[] = [];
  const storage = {
    calls,
    data,
    getItem: (k: string) => (calls.push('getItem'), data.get(k) ?? null),
    setItem: (k: string, v: string) => void (calls.push('setItem'), data.set(k, v)),
    removeItem: (k: string) => void (calls.push('removeItem'), data.delete(k)),
  };
  return storage as typeof storage & Storage;
}

describe("the first-party device-ID copy (localStorage['ar_uuid_<partner>'])", () => {
  it('writes the device ID for its partner and reads it back; clear forgets it', () => {
    const acme = deviceIdCopy(() => localStorage, 'acme');
    expect(acme.read()).toBeNull();
    acme.write(UUID);
    expect(acme.read()).toBe(UUID);
    expect(localStorage.getItem('ar_uuid_acme')).toMatch(new RegExp(`^${UUID}\\|\\d+$`));
    expect(deviceIdCopy(() => localStorage, 'globex').read()).toBeNull();
    acme.clear();
    expect(acme.read()).toBeNull();
    expect(localStorage.getItem('ar_uuid_acme')).toBeNull();
  });

  it('never writes anything but a 38-digit ID, and reads nothing else', () => {
    const acme = deviceIdCopy(() => localStorage, 'acme');
    acme.write(`${UUID}|1`);
    acme.write('123');
    expect(localStorage.getItem('ar_uuid_acme')).toBeNull();
    for (const junk of ['123|1', `${UUID}`, `${UUID}|x`, `${UUID}|1|2`, `<img>|1`]) {
      localStorage.setItem('ar_uuid_acme', junk);
      expect(deviceIdCopy(() => localStorage, 'acme').read(), junk).toBeNull();
    }
  });

  it('keeps it 180 days, as the DCS keeps its cookie', () => {
    let now = 1_000 * DAY;
    const acme = deviceIdCopy(() => localStorage, 'acme', () => now);
    acme.write(UUID);
    now += 180 * DAY;
    expect(deviceIdCopy(() => localStorage, 'acme', () => now).read()).toBe(UUID);
    now += 1;
    expect(deviceIdCopy(() => localStorage, 'acme', () => now).read()).toBeNull();
  });

  it('writing the ID it already holds touches nothing; a new ID is written once', () => {
    const storage = countingStorage({ ar_uuid_acme: `${UUID}|${Date.now()}` });
    const devices = deviceIdCopy(() => storage, 'acme');
    expect(devices.read()).toBe(UUID);
    devices.write(UUID);
    devices.write('8'.repeat(38));
    devices.write('8'.repeat(38));
    expect(storage.calls).toEqual(['getItem', 'setItem']);
  });

  it('storage that throws (blocked, full, sandboxed) keeps no copy and throws nothing', () => {
    const blocked = (): Storage => {
      throw new DOMException('denied', 'SecurityError');
    };
    const devices = deviceIdCopy(blocked, 'acme');
    expect(devices.read()).toBeNull();
    expect(() => devices.write(UUID)).not.toThrow();
    expect(() => devices.clear()).not.toThrow();
  });
});

describe("the opt-out marker (localStorage['ar_optout_<partner>'])", () => {
  it("is written at the visitor's request and read back, per partner", () => {
    const acme = optOutMarker(() => localStorage, 'acme');
    expect(acme.read()).toBe(false);
    acme.write();
    expect(acme.read()).toBe(true);
    expect(optOutMarker(() => localStorage, 'globex').read()).toBe(false);
    expect(localStorage.getItem('ar_optout_acme')).toBe('1');
  });

  it('storage that throws reads as not opted out here and throws nothing', () => {
    const blocked = (): Storage => {
      throw new DOMException('denied', 'SecurityError');
    };
    expect(optOutMarker(blocked, 'acme').read()).toBe(false);
    expect(() => optOutMarker(blocked, 'acme').write()).not.toThrow();
  });

  describe('its cookie backup (a sign-out that empties localStorage must not undo it: attack9)', () => {
    afterEach(() => {
      // Through cookie.ts: it keeps the jar for the task, and must hear of the change.
      writeCookie(document, '__Host-ar_optout_acme', '', 0, '', true);
      localStorage.clear();
    });

    /** What the backup says, or 'nothing to look at' (by the Cookie Store API where the DOM has one: later). */
    const backup = async (marker: ReturnType<typeof optOutMarker>): Promise<string> => {
      let found = 'pending';
      const looked = marker.backup!((kept) => void (found = String(kept)));
      for (let i = 0; i < 50 && found === 'pending'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      return looked ? found : 'nothing to look at';
    };

    it('written beside the marker, and read back once the storage was emptied, which gets the marker again', async () => {
      optOutMarker(() => localStorage, 'acme', document).write();
      expect(document.cookie).toContain('__Host-ar_optout_acme=1');
      localStorage.clear();
      const later = optOutMarker(() => localStorage, 'acme', document);
      // Not before consent: the backup is looked at only when asked (as consent is granted).
      expect(later.read()).toBe(false);
      expect(await backup(later)).toBe('true');
      expect(later.read()).toBe(true);
      expect(localStorage.getItem('ar_optout_acme')).toBe('1');
    });

    it('not read where the device-ID copy is there (a repeat visit: no cookie read on the start path)', async () => {
      writeCookie(document, '__Host-ar_optout_acme', '1', 1, '', true);
      localStorage.setItem('ar_uuid_acme', `${'1'.repeat(38)}|${Date.now()}`);
      expect(await backup(optOutMarker(() => localStorage, 'acme', document))).toBe('nothing to look at');
    });

    it('read at most once: a page not opted out makes no cookie read per call', async () => {
      const marker = optOutMarker(() => localStorage, 'acme', document);
      expect(await backup(marker)).toBe('false');
      writeCookie(document, '__Host-ar_optout_acme', '1', 1, '', true);
      expect(await backup(marker)).toBe('nothing to look at');
    });

    it('through the Cookie Store API where the browser has it, and by document.cookie if its answer never comes', async () => {
      writeCookie(document, '__Host-ar_optout_acme', '1', 1, '', true);
      const asked: string[] = [];
      const g = globalThis as { cookieStore?: unknown };
      const dom = Object.getOwnPropertyDescriptor(g, 'cookieStore');
      g.cookieStore = { get: (name: string) => (asked.push(name), Promise.resolve({ value: '1' })) };
      try {
        const results: boolean[] = [];
        expect(optOutMarker(() => localStorage, 'acme', document).backup!((kept) => results.push(kept))).toBe(true);
        expect(results).toEqual([]);
        await Promise.resolve();
        await Promise.resolve();
        expect([asked, results]).toEqual([['__Host-ar_optout_acme'], [true]]);
        localStorage.clear();
        // A Cookie Store whose answer never comes (a page's Object.prototype.then holds it).
        g.cookieStore = { get: () => new Promise(() => {}) };
        const late: boolean[] = [];
        optOutMarker(() => localStorage, 'acme', document).backup!((kept) => late.push(kept));
        await new Promise((resolve) => setTimeout(resolve, 250));
        expect(late).toEqual([true]);
      } finally {
        delete g.cookieStore;
        if (dom) Object.defineProperty(g, 'cookieStore', dom);
      }
    });

    it('on a page whose timers throw (replaced before the tag), and where the Cookie Store throws: answered at once by document.cookie', () => {
      writeCookie(document, '__Host-ar_optout_acme', '1', 1, '', true);
      const g = globalThis as { cookieStore?: unknown; setTimeout: unknown };
      const dom = Object.getOwnPropertyDescriptor(g, 'cookieStore');
      const timers = g.setTimeout;
      g.cookieStore = {
        get: () => {
          throw new Error('a broken Cookie Store');
        },
      };
      g.setTimeout = () => {
        throw new Error('timers broken by the page');
      };
      try {
        const results: boolean[] = [];
        const marker = optOutMarker(() => localStorage, 'acme', document);
        expect(marker.backup!((kept) => results.push(kept))).toBe(true);
        expect(results).toEqual([true]);
      } finally {
        g.setTimeout = timers;
        delete g.cookieStore;
        if (dom) Object.defineProperty(g, 'cookieStore', dom);
      }
    });
  });

  it('reads no cookie: neither store touches document.cookie', () => {
    document.cookie = `ar_uuid_acme=${'1'.repeat(38)}`;
    document.cookie = 'ar_optout_acme=1';
    expect(deviceIdCopy(() => localStorage, 'acme').read()).toBeNull();
    expect(optOutMarker(() => localStorage, 'acme').read()).toBe(false);
    document.cookie = 'ar_uuid_acme=; Max-Age=0';
    document.cookie = 'ar_optout_acme=; Max-Age=0';
  });
});
