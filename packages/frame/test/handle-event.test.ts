import { describe, expect, it, vi } from 'vitest';
import type { EventParams } from '@audience-relay/protocol';
import { createEventHandler, optOut } from '../src/index';
import { fakeFrameServices } from './fake-frame-services';

const COOKIE_UUID = '1'.repeat(38);
const TAG_UUID = '2'.repeat(38);
const NEW_UUID = '3'.repeat(38);

const params = (over: Partial<EventParams> = {}): EventParams => ({ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null, ...over });

describe('frame event handler: identity', () => {
  it('the DCS cookie wins: no d_uuid is sent, and the source is dcs-cookie', async () => {
    const { s, calls } = fakeFrameServices(COOKIE_UUID, `other=1; demdex=${COOKIE_UUID}`, false);
    const result = await createEventHandler(s)(params({ uuid: TAG_UUID }));
    expect(calls[0]?.deviceId).toBeNull();
    expect(result.identity).toEqual({ source: 'dcs-cookie', partitioned: false });
  });

  it('without the DCS cookie, the tag first-party copy goes as d_uuid, and the source is first-party', async () => {
    const { s, calls } = fakeFrameServices(TAG_UUID, '');
    const result = await createEventHandler(s)(params({ uuid: TAG_UUID }));
    expect(calls[0]?.deviceId).toBe(TAG_UUID);
    expect(result.identity).toEqual({ source: 'first-party', partitioned: true });
  });

  it('the cookie jar is read before the request leaves: a cookie its answer sets as it leaves is not the visitor\'s', async () => {
    const order: string[] = [];
    let jar = '';
    const { s } = fakeFrameServices(NEW_UUID);
    s.cookies = () => (order.push('cookies read'), jar);
    const event = s.dcs.event;
    s.dcs = {
      event: async (call, sent) => {
        order.push('call made');
        // Chromium can apply the answer's Set-Cookie before a read made just after fetch().
        return event(call, () => ((jar = `demdex=${NEW_UUID}`), order.push('sent'), sent?.()));
      },
    };
    const result = await createEventHandler(s)(params());
    expect(order).toEqual(['cookies read', 'call made', 'sent']);
    expect(result.identity.source).toBe('new');
  });

  it('without a first-party copy, a DCS cookie already there is reported', async () => {
    const { s, calls } = fakeFrameServices(COOKIE_UUID, `demdex=${COOKIE_UUID}`);
    const result = await createEventHandler(s)(params());
    expect(calls[0]?.deviceId).toBeNull();
    expect(result.identity.source).toBe('dcs-cookie');
  });

  it('with a first-party copy, the cookie jar is read before the call: it decides d_uuid', async () => {
    const order: string[] = [];
    const { s } = fakeFrameServices(COOKIE_UUID, `demdex=${COOKIE_UUID}`);
    const cookies = s.cookies;
    s.cookies = () => (order.push('cookies read'), cookies());
    const event = s.dcs.event;
    s.dcs = { event: (call, sent) => (order.push('call made'), event(call, sent)) };
    await createEventHandler(s)(params({ uuid: TAG_UUID }));
    expect(order).toEqual(['cookies read', 'call made']);
  });

  it('a device ID from neither is reported as new; no device ID as none', async () => {
    expect((await createEventHandler(fakeFrameServices(NEW_UUID).s)(params())).identity.source).toBe('new');
    expect((await createEventHandler(fakeFrameServices(null).s)(params())).identity.source).toBe('none');
  });

  it('an unreadable document.cookie (cookies blocked) counts as no DCS cookie', async () => {
    const { s, calls } = fakeFrameServices(TAG_UUID);
    s.cookies = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    const result = await createEventHandler(s)(params({ uuid: TAG_UUID }));
    expect(calls[0]?.deviceId).toBe(TAG_UUID);
    expect(result.identity.source).toBe('first-party');
  });

  // attack11: URL destinations fired under COPPA (a third party told of a child's segments).
  it('COPPA: neither the cookie nor the first-party ID is used, and no ID sync or URL destination fires', async () => {
    const { s, calls, fired } = fakeFrameServices(NEW_UUID, `demdex=${COOKIE_UUID}`);
    const result = await createEventHandler(s)(params({ uuid: TAG_UUID, coppa: true }));
    expect(calls[0]?.deviceId).toBeNull();
    expect(result.identity.source).toBe('new');
    // The same answer without COPPA fires both (below): here, a task later, neither.
    await nextTask();
    expect(fired).toEqual([]);
    const plain = fakeFrameServices(NEW_UUID);
    await createEventHandler(plain.s)(params());
    await nextTask();
    expect(plain.fired).toEqual(['https://sync.example/p', 'https://px.example/s']);
  });
});

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve));

describe('frame event handler: syncs and destinations', () => {
  it('returns the result first, then fires the ID syncs and destinations of the answer inside the frame', async () => {
    const { s, fired } = fakeFrameServices(NEW_UUID);
    const result = await createEventHandler(s)(params());
    expect(result).toMatchObject({ uuid: NEW_UUID, segments: ['5001'], traits: [1001] });
    // The answer is on its way before anything fires: the syncs wait for the next task.
    expect(fired).toEqual([]);
    await nextTask();
    expect(fired).toEqual(['https://sync.example/p', 'https://px.example/s']);
  });

  it('an answer that lands after the tag asked for the opt-out fires nothing (attack6)', async () => {
    const { s, fired } = fakeFrameServices(NEW_UUID);
    let optedOut = false;
    s.optedOut = () => optedOut;
    const handle = createEventHandler(s);
    const answer = handle(params());
    optedOut = true;
    await answer;
    await nextTask();
    expect(fired).toEqual([]);
    // Before it: the control fires as usual.
    optedOut = false;
    await handle(params());
    await nextTask();
    expect(fired).toEqual(['https://sync.example/p', 'https://px.example/s']);
  });

  it('a failing DCS call fires nothing and rejects', async () => {
    const { s, fired } = fakeFrameServices(NEW_UUID);
    s.dcs = { event: vi.fn(async () => Promise.reject(new Error('down'))) };
    await expect(createEventHandler(s)(params())).rejects.toThrow('down');
    await nextTask();
    expect(fired).toEqual([]);
  });
});

describe('frame event handler: privacy', () => {
  const privacy = { gdpr: null, tcString: null, gpp: null, gppSid: [], usPrivacy: '1YYN', restricted: true } as const;

  it('restricted (GPC or a US opt-out of sale): no ID sync, no destination, no cookie destination; segments still come', async () => {
    const { s, fired } = fakeFrameServices(NEW_UUID);
    const result = await createEventHandler(s)(params({ privacy: { ...privacy, gppSid: [] } }));
    await nextTask();
    expect(fired).toEqual([]);
    expect(result.cookies).toEqual([]);
    expect(result.segments).toEqual(['5001']);
  });

  it('unrestricted: the cookie destinations reach the tag', async () => {
    const { s, fired } = fakeFrameServices(NEW_UUID);
    const result = await createEventHandler(s)(params({ privacy: { ...privacy, gppSid: [], restricted: false } }));
    await nextTask();
    expect(fired).toHaveLength(2);
    expect(result.cookies).toEqual([{ name: 'aud_seg', value: 'seg=5001', days: 30, domain: '' }]);
  });
});

describe('frame opt-out', () => {
  it('calls the DCS opt-out for the device and for each declared ID (by data source ID or integration code), after clearing the frame storage', async () => {
    const order: string[] = [];
    const fetch = vi.fn(async (url: string, _init?: RequestInit) => {
      order.push(url);
      return new Response('');
    });
    const result = await optOut(
      params({
        ids: [
          { source: 21, id: 'crm 42', authState: null },
          { source: 'crm', id: 'x', authState: 1 },
        ],
        privacy: { gdpr: 1, tcString: 'TC', gpp: null, gppSid: [], usPrivacy: null, restricted: false },
      }),
      { endpoint: 'https://dcs.example/demoptout.jpg', fetch: fetch as unknown as typeof globalThis.fetch, clearStorage: () => void order.unshift('clear') },
    );
    expect(order).toEqual([
      'clear',
      'https://dcs.example/demoptout.jpg?gdpr=1&gdpr_consent=TC',
      'https://dcs.example/demoptout.jpg?d_cid=21%01crm%2042&gdpr=1&gdpr_consent=TC',
      'https://dcs.example/demoptout.jpg?d_cid_ic=crm%01x&gdpr=1&gdpr_consent=TC',
    ]);
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ credentials: 'include' });
    expect(result).toMatchObject({ uuid: null, segments: [], identity: { source: 'none' } });
  });

  it('settles even when the DCS is unreachable', async () => {
    const fetch = vi.fn(async () => Promise.reject(new TypeError('offline')));
    await expect(optOut(params(), { endpoint: 'https://dcs.example/demoptout.jpg', fetch, clearStorage: () => {} })).resolves.toMatchObject({ segments: [] });
  });
});
