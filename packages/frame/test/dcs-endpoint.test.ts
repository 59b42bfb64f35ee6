import { describe, expect, it } from 'vitest';
import type { EventParams } from '@audience-relay/protocol';
import { readBoot } from '../src/boot';
import { dcsEndpoints } from '../src/dcs-endpoint';
import { createEventHandler, type DcsClient, type EventCall } from '../src/index';
import { rememberedUuid } from '../src/remembered-uuid';

describe('the DCS the frame calls', () => {
  it('is the one fixed in frame.html, whatever URL, query or fragment the frame was loaded with', () => {
    for (const href of ['https://cdn.example/acme/frame.html', 'https://cdn.example/frame.html?dcs=https://evil.example#dcs=https://evil.example']) {
      expect(dcsEndpoints('https://acme.demdex.net', href)).toEqual({
        origin: 'https://acme.demdex.net',
        event: 'https://acme.demdex.net/event',
        optOut: 'https://acme.demdex.net/demoptout.jpg',
        sameOrigin: false,
      });
    }
  });

  it('is the origin that served the frame when none is fixed (a DCS hosting its own frame)', () => {
    expect(dcsEndpoints('', 'http://dcs.localhost:4100/frame.html#boot')).toEqual({
      origin: 'http://dcs.localhost:4100',
      event: 'http://dcs.localhost:4100/event',
      optOut: 'http://dcs.localhost:4100/demoptout.jpg',
      sameOrigin: true,
    });
    expect(dcsEndpoints('https://cdn.example', 'https://cdn.example/frame.html')?.sameOrigin).toBe(true);
  });

  it('is none when the fixed value is not a plain http(s) origin: the frame stays silent rather than guess', () => {
    for (const declared of ['javascript:alert(1)', 'https://acme.demdex.net/event', 'acme.demdex.net', 'https://user@acme.demdex.net', ' ']) {
      expect(dcsEndpoints(declared, 'https://cdn.example/frame.html')).toBeNull();
    }
  });

  it('is read from the frame document’s own meta tag', () => {
    const metas: Record<string, string> = { 'audience-relay:partner': 'acme', 'audience-relay:allowed-origins': 'https://a.example', 'audience-relay:dcs': 'https://acme.demdex.net' };
    const doc = { querySelector: (selector: string) => ({ getAttribute: () => metas[/name="([^"]+)"/.exec(selector)?.[1] ?? ''] ?? null }) };
    expect(readBoot(doc as unknown as Document)).toEqual({ partner: 'acme', allowedOrigins: 'https://a.example', dcs: 'https://acme.demdex.net' });
  });
});

describe('identity in a frame apart from its DCS (the DCS cookie unreadable)', () => {
  const REMEMBERED = '4'.repeat(38);
  const TAG_UUID = '2'.repeat(38);
  const NEW_UUID = '3'.repeat(38);
  const params = (over: Partial<EventParams> = {}): EventParams => ({ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null, ...over });

  function memoryStorage(initial: Record<string, string> = {}): Storage {
    const data = new Map(Object.entries(initial));
    return {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
      clear: () => data.clear(),
      key: (i: number) => [...data.keys()][i] ?? null,
      get length() {
        return data.size;
      },
    };
  }

  /** A cookie jar of the frame's host, as document.cookie is: one cookie written at a time. */
  function jar(initial = '') {
    const cookies = new Map<string, string>(initial ? initial.split('; ').map((c) => c.split('=') as [string, string]) : []);
    const written: string[] = [];
    return {
      written,
      readCookies: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      writeCookie: (cookie: string) => {
        written.push(cookie);
        const [pair = ''] = cookie.split(';');
        const [name = '', value = ''] = pair.split('=');
        if (/Max-Age=0/.test(cookie)) cookies.delete(name);
        else cookies.set(name, value);
      },
    };
  }

  function handler(answer: string | null, stores: { readCookies(): string; writeCookie(c: string): void; storage(): Storage | null }) {
    const calls: EventCall[] = [];
    const dcs: DcsClient = {
      event: async (call) => {
        calls.push(call);
        return { result: { uuid: answer, segments: [], traits: [], cookies: [] }, idSyncs: [], destinations: [], region: null };
      },
    };
    const handle = createEventHandler({
      dcs,
      // The frame host's own cookies: never the DCS's.
      cookies: stores.readCookies,
      remembered: rememberedUuid(stores),
      partitioned: Promise.resolve(true),
      syncs: { now: () => 0, storage: null, fire: () => {} },
      fireDestination: () => {},
    });
    return { handle, calls };
  }

  it('a device ID the DCS gave before, coming back unasked, proves the DCS cookie: dcs-cookie', async () => {
    const storage = memoryStorage({ ar_dcs_uuid: REMEMBERED });
    const { handle, calls } = handler(REMEMBERED, { ...jar(), storage: () => storage });
    expect((await handle(params())).identity.source).toBe('dcs-cookie');
    expect(calls[0]?.deviceId).toBeNull();
  });

  it('the record is a cross-site cookie of the frame host too, so it holds across publishers where third-party cookies are allowed', async () => {
    const cookies = jar();
    const first = handler(NEW_UUID, { ...cookies, storage: () => memoryStorage() });
    expect((await first.handle(params())).identity.source).toBe('new');
    expect(cookies.written).toEqual([`ar_dcs_uuid=${NEW_UUID}; Max-Age=15552000; Path=/; SameSite=None; Secure; Partitioned`]);
    // Another publisher: empty (partitioned) storage, the same unpartitioned cookie.
    const second = handler(NEW_UUID, { ...cookies, storage: () => memoryStorage() });
    expect((await second.handle(params())).identity.source).toBe('dcs-cookie');
  });

  it('the tag’s copy still goes as d_uuid, and an answer with it is first-party, not dcs-cookie', async () => {
    const storage = memoryStorage({ ar_dcs_uuid: TAG_UUID });
    const { handle, calls } = handler(TAG_UUID, { ...jar(), storage: () => storage });
    expect((await handle(params({ uuid: TAG_UUID }))).identity.source).toBe('first-party');
    expect(calls[0]?.deviceId).toBe(TAG_UUID);
  });

  it('an unknown device ID is new, and is remembered from then on beside the others (a few at most)', async () => {
    const storage = memoryStorage({ ar_dcs_uuid: REMEMBERED });
    const { handle } = handler(NEW_UUID, { ...jar(), storage: () => storage });
    expect((await handle(params())).identity.source).toBe('new');
    expect(storage.getItem('ar_dcs_uuid')).toBe(`${NEW_UUID}.${REMEMBERED}`);
    const many = rememberedUuid({ ...jar(), storage: () => storage });
    for (let i = 5; i <= 9; i++) many.add(String(i).repeat(38));
    expect(storage.getItem('ar_dcs_uuid')?.split('.')).toEqual(['9', '8', '7', '6'].map((d) => d.repeat(38)));
  });

  it('nothing is remembered or compared under COPPA, or when cookies and storage are blocked', async () => {
    const storage = memoryStorage({ ar_dcs_uuid: REMEMBERED });
    expect((await handler(REMEMBERED, { ...jar(), storage: () => storage }).handle(params({ coppa: true }))).identity.source).toBe('new');
    const blocked = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    expect((await handler(REMEMBERED, { readCookies: blocked, writeCookie: blocked, storage: blocked }).handle(params())).identity.source).toBe('new');
  });

  it('forget() (the opt-out) removes the cookie and the storage copy; junk values are ignored', () => {
    const cookies = jar(`ar_dcs_uuid=${REMEMBERED}`);
    const storage = memoryStorage({ ar_dcs_uuid: `12<script>.${TAG_UUID}` });
    const remembered = rememberedUuid({ ...cookies, storage: () => storage });
    expect(remembered.has(REMEMBERED) && remembered.has(TAG_UUID)).toBe(true);
    expect(remembered.has('12<script>')).toBe(false);
    remembered.forget();
    expect(remembered.has(REMEMBERED) || remembered.has(TAG_UUID)).toBe(false);
    expect(cookies.readCookies()).toBe('');
  });
});
