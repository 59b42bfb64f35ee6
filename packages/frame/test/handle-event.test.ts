import { describe, expect, it, vi } from 'vitest';
import type { EventParams } from '@audience-relay/protocol';
import { createEventHandler, type DcsClient, type EventCall, type FrameServices } from '../src/index';

const COOKIE_UUID = '1'.repeat(38);
const TAG_UUID = '2'.repeat(38);
const NEW_UUID = '3'.repeat(38);

function services(answerUuid: string | null, cookies = '', partitioned: boolean | null = true) {
  const calls: EventCall[] = [];
  const fired: string[] = [];
  const dcs: DcsClient = {
    event: async (call) => {
      calls.push(call);
      return {
        result: { uuid: answerUuid, segments: ['5001'], traits: [1001], cookies: [] },
        idSyncs: [{ id: '411', url: 'https://sync.example/p', ttl: 60 }],
        destinations: [{ id: '2523', type: 'img', url: 'https://px.example/s' }],
      };
    },
  };
  const s: FrameServices = {
    dcs,
    cookies: () => cookies,
    partitioned: Promise.resolve(partitioned),
    syncs: { now: () => 0, storage: null, fire: (url) => void fired.push(url) },
    fireDestination: (d) => void fired.push(d.url),
  };
  return { s, calls, fired };
}

const params = (over: Partial<EventParams> = {}): EventParams => ({ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null, ...over });

describe('frame event handler: identity', () => {
  it('the DCS cookie wins: no d_uuid is sent, and the source is dcs-cookie', async () => {
    const { s, calls } = services(COOKIE_UUID, `other=1; demdex=${COOKIE_UUID}`, false);
    const result = await createEventHandler(s)(params({ uuid: TAG_UUID }));
    expect(calls[0]?.deviceId).toBeNull();
    expect(result.identity).toEqual({ source: 'dcs-cookie', partitioned: false });
  });

  it('without the DCS cookie, the tag first-party copy goes as d_uuid, and the source is first-party', async () => {
    const { s, calls } = services(TAG_UUID, '');
    const result = await createEventHandler(s)(params({ uuid: TAG_UUID }));
    expect(calls[0]?.deviceId).toBe(TAG_UUID);
    expect(result.identity).toEqual({ source: 'first-party', partitioned: true });
  });

  it('a device ID from neither is reported as new; no device ID as none', async () => {
    expect((await createEventHandler(services(NEW_UUID).s)(params())).identity.source).toBe('new');
    expect((await createEventHandler(services(null).s)(params())).identity.source).toBe('none');
  });

  it('an unreadable document.cookie (cookies blocked) counts as no DCS cookie', async () => {
    const { s, calls } = services(TAG_UUID);
    s.cookies = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    const result = await createEventHandler(s)(params({ uuid: TAG_UUID }));
    expect(calls[0]?.deviceId).toBe(TAG_UUID);
    expect(result.identity.source).toBe('first-party');
  });

  it('COPPA: neither the cookie nor the first-party ID is used, and no ID sync fires', async () => {
    const { s, calls, fired } = services(NEW_UUID, `demdex=${COOKIE_UUID}`);
    const result = await createEventHandler(s)(params({ uuid: TAG_UUID, coppa: true }));
    expect(calls[0]?.deviceId).toBeNull();
    expect(result.identity.source).toBe('new');
    expect(fired).not.toContain('https://sync.example/p');
  });
});

describe('frame event handler: syncs and destinations', () => {
  it('fires the ID syncs and destinations of the answer inside the frame, and returns the result', async () => {
    const { s, fired } = services(NEW_UUID);
    const result = await createEventHandler(s)(params());
    expect(fired).toEqual(['https://sync.example/p', 'https://px.example/s']);
    expect(result).toMatchObject({ uuid: NEW_UUID, segments: ['5001'], traits: [1001] });
  });

  it('a failing DCS call fires nothing and rejects', async () => {
    const { s, fired } = services(NEW_UUID);
    s.dcs = { event: vi.fn(async () => Promise.reject(new Error('down'))) };
    await expect(createEventHandler(s)(params())).rejects.toThrow('down');
    expect(fired).toEqual([]);
  });
});
