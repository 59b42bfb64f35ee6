import { describe, expect, it, vi } from 'vitest';
import type { EventParams } from '@audience-relay/protocol';
import { MAX_GET_URL, buildEventQuery, createDcsClient, privacyQuery, type EventCall } from '../src/index';

const endpoint = 'https://dcs.example/event';
const call = (params: Pick<EventParams, 'signals' | 'traits'>, deviceId: string | null = null): EventCall => ({
  params: { ...params, uuid: null, coppa: false, ids: [], url: null },
  deviceId,
});
const answer = { stuff: [], uuid: '1'.repeat(38), dcs_region: 7, tid: 'abc', traits: [1001], segments: [5001, 5002] };

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('DCS client', () => {
  it('builds the /event query with control keys first and every value percent-encoded, one with a comma in double quotes (the DCS splits on commas)', () => {
    const query = buildEventQuery(call({ signals: { c_tag: ['golf & tennis', 'a,b'], p_age: ['23'] }, traits: [1234, 5678] }));
    expect(query).toBe('d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&c_tag=golf%20%26%20tennis&c_tag=%22a%2Cb%22&p_age=23&d_sid=1234,5678');
  });

  it('calls GET with credentials and returns the normalized result, segment IDs as strings', async () => {
    const fetch = vi.fn(async () => json(answer));
    const client = createDcsClient({ endpoint, fetch, timeoutMs: 1000 });
    const { result } = await client.event(call({ signals: { c_section: ['sports'] }, traits: [] }));
    expect(result).toEqual({ uuid: answer.uuid, segments: ['5001', '5002'], traits: [1001], cookies: [], errors: [] });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`${endpoint}?d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&c_section=sports`);
    expect(init.credentials).toBe('include');
    expect(init.method).toBeUndefined();
    // A redirect (a DCS answering a click-tracking call) is never followed to another origin.
    expect(init.redirect).toBe('error');
  });

  it('switches to a POST form body when the GET URL would exceed 8 KiB', async () => {
    const fetch = vi.fn(async () => json(answer));
    const client = createDcsClient({ endpoint, fetch, timeoutMs: 1000 });
    const values = Array.from({ length: 10 }, () => 'x'.repeat(1000));
    await client.event(call({ signals: { c_big: values }, traits: [] }));
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(endpoint);
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(String(init.body).length).toBeGreaterThan(MAX_GET_URL - endpoint.length);
    expect(String(init.body)).toMatch(/^d_rtbd=json&/);
  });

  it('refuses a call larger than the DCS POST limit without sending it', async () => {
    const fetch = vi.fn(async () => json(answer));
    const client = createDcsClient({ endpoint, fetch, timeoutMs: 1000 });
    const signals = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c_k${i}`, ['y'.repeat(1000)]]));
    await expect(client.event(call({ signals, traits: [] }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('settles with DCS_TIMEOUT when the DCS does not answer in time', async () => {
    const fetch = vi.fn(
      (_url: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const client = createDcsClient({ endpoint, fetch, timeoutMs: 20 });
    await expect(client.event(call({ signals: {}, traits: [] }))).rejects.toMatchObject({ code: 'DCS_TIMEOUT' });
  });

  it('reports HTTP errors, bodies that are not JSON and JSON that is not an answer as DCS_ERROR', async () => {
    for (const response of [json({}, 500), new Response('<html>', { status: 200 }), json([1, 2])]) {
      const client = createDcsClient({ endpoint, fetch: async () => response, timeoutMs: 1000 });
      await expect(client.event(call({ signals: {}, traits: [] }))).rejects.toMatchObject({ code: 'DCS_ERROR' });
    }
    const offline = createDcsClient({ endpoint, fetch: async () => Promise.reject(new TypeError('Failed to fetch')), timeoutMs: 1000 });
    await expect(offline.event(call({ signals: {}, traits: [] }))).rejects.toMatchObject({ code: 'DCS_ERROR' });
  });

  it('sends d_uuid when the frame chose one, and d_coppa=1 under COPPA', () => {
    expect(buildEventQuery(call({ signals: {}, traits: [] }, '4'.repeat(38)))).toBe(`d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&d_uuid=${'4'.repeat(38)}`);
    expect(buildEventQuery({ params: { signals: {}, traits: [], uuid: null, coppa: true, ids: [], url: null }, deviceId: null })).toBe('d_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&d_coppa=1');
  });

  it('sends declared IDs as d_cid / d_cid_ic (user ID encoded, literal %01 joins) and the page URL as d_url', () => {
    const query = buildEventQuery({
      params: {
        signals: {},
        traits: [],
        uuid: null,
        coppa: false,
        ids: [
          { source: 123, id: 'crm 1&x', authState: null },
          { source: 'email', id: 'h1', authState: 1 },
          { source: 'crm', id: 'u2', authState: null },
        ],
        url: 'https://pub.example/a b',
      },
      deviceId: null,
    });
    expect(query).toBe(
      'd_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2&d_cid=123%01crm%201%26x&d_cid_ic=email%01h1%011&d_cid_ic=crm%01u2&d_url=https%3A%2F%2Fpub.example%2Fa%20b',
    );
  });

  it('retries a 429 or 503 once after its Retry-After, within the deadline', async () => {
    for (const status of [429, 503]) {
      const fetch = vi
        .fn<typeof globalThis.fetch>()
        .mockResolvedValueOnce(new Response('', { status, headers: { 'Retry-After': '0' } }))
        .mockResolvedValueOnce(json(answer));
      const client = createDcsClient({ endpoint, fetch, timeoutMs: 1000 });
      await expect(client.event(call({ signals: {}, traits: [] }))).resolves.toMatchObject({ result: { segments: ['5001', '5002'] } });
      expect(fetch).toHaveBeenCalledTimes(2);
    }
  });

  it('without a readable Retry-After (a frame on a CDN: CORS hides it) waits 1 s before its retry, not 0', async () => {
    const times: number[] = [];
    const fetch = vi.fn<typeof globalThis.fetch>().mockImplementation(async () => {
      times.push(Date.now());
      // A cross-origin answer (the frame on a CDN): its Retry-After, if any, is not exposed.
      return times.length === 1 ? Object.defineProperty(new Response('', { status: 429 }), 'type', { value: 'cors' }) : json(answer);
    });
    await expect(createDcsClient({ endpoint, fetch, timeoutMs: 3000 }).event(call({ signals: {}, traits: [] }))).resolves.toMatchObject({ result: { segments: ['5001', '5002'] } });
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(990);
    // Within a deadline too short for that wait: no retry.
    const short = vi.fn<typeof globalThis.fetch>().mockResolvedValue(Object.defineProperty(new Response('', { status: 503 }), 'type', { value: 'cors' }));
    await expect(createDcsClient({ endpoint, fetch: short, timeoutMs: 1000 }).event(call({ signals: {}, traits: [] }))).rejects.toMatchObject({ code: 'DCS_BUSY' });
    expect(short).toHaveBeenCalledTimes(1);
  });

  it('on its own origin, a 429 without Retry-After is retried at once (the DCS gave no pause)', async () => {
    const times: number[] = [];
    const fetch = vi.fn<typeof globalThis.fetch>().mockImplementation(async () => {
      times.push(Date.now());
      return times.length === 1 ? Object.defineProperty(new Response('', { status: 429 }), 'type', { value: 'basic' }) : json(answer);
    });
    await expect(createDcsClient({ endpoint, fetch, timeoutMs: 3000 }).event(call({ signals: {}, traits: [] }))).resolves.toMatchObject({ result: { segments: ['5001', '5002'] } });
    expect(times[1]! - times[0]!).toBeLessThan(500);
  });

  it('does not retry when Retry-After would pass the deadline, nor twice; refused, the call is DCS_BUSY (not taken: the tag sends it later)', async () => {
    const late = vi.fn<typeof globalThis.fetch>().mockResolvedValue(new Response('', { status: 429, headers: { 'Retry-After': '30' } }));
    await expect(createDcsClient({ endpoint, fetch: late, timeoutMs: 1000 }).event(call({ signals: {}, traits: [] }))).rejects.toMatchObject({ code: 'DCS_BUSY' });
    expect(late).toHaveBeenCalledTimes(1);
    const always = vi.fn<typeof globalThis.fetch>().mockImplementation(async () => new Response('', { status: 503, headers: { 'Retry-After': '0' } }));
    await expect(createDcsClient({ endpoint, fetch: always, timeoutMs: 1000 }).event(call({ signals: {}, traits: [] }))).rejects.toMatchObject({ code: 'DCS_BUSY' });
    expect(always).toHaveBeenCalledTimes(2);
    // Another HTTP error was taken or is final: DCS_ERROR, as before.
    const failing = vi.fn<typeof globalThis.fetch>().mockResolvedValue(new Response('', { status: 500 }));
    await expect(createDcsClient({ endpoint, fetch: failing, timeoutMs: 1000 }).event(call({ signals: {}, traits: [] }))).rejects.toMatchObject({ code: 'DCS_ERROR' });
  });

  it('keeps one call in flight: the second starts only after the first settles', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    const fetch = vi.fn(async (url: string | URL | Request) => {
      const name = String(url).includes('c_n=1') ? 'first' : 'second';
      order.push(`start ${name}`);
      if (name === 'first') await new Promise<void>((resolve) => (release = resolve));
      order.push(`end ${name}`);
      return json(answer);
    });
    const client = createDcsClient({ endpoint, fetch, timeoutMs: 1000 });
    const first = client.event(call({ signals: { c_n: ['1'] }, traits: [] }));
    const second = client.event(call({ signals: { c_n: ['2'] }, traits: [] }));
    await vi.waitFor(() => expect(order).toEqual(['start first']));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['start first', 'end first', 'start second', 'end second']);
  });
});

describe('privacy parameters', () => {
  const none = { gdpr: null, tcString: null, gpp: null, gppSid: [], usPrivacy: null, restricted: false };

  it('sends gdpr with gdpr_consent (both or neither), gpp with gpp_sid, and us_privacy, each encoded', () => {
    const privacy = { gdpr: 1 as const, tcString: 'CQ-a_b.c', gpp: 'DBABMA~CQ', gppSid: [2, 7], usPrivacy: '1YNN', restricted: false };
    expect(privacyQuery(privacy)).toEqual(['gdpr=1', 'gdpr_consent=CQ-a_b.c', 'gpp=DBABMA~CQ', 'gpp_sid=2,7', 'us_privacy=1YNN']);
    expect(privacyQuery({ ...none, gdpr: 0 })).toEqual(['gdpr=0', 'gdpr_consent=']);
    expect(privacyQuery({ ...none, gpp: 'a&b=c' })).toEqual(['gpp=a%26b%3Dc', 'gpp_sid=']);
  });

  it('sends nothing without a CMP, or for a tag older than consent support', () => {
    expect(privacyQuery(none)).toEqual([]);
    expect(privacyQuery(undefined)).toEqual([]);
  });

  it('goes at the end of the event query', () => {
    const query = buildEventQuery({ params: { signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null, privacy: { ...none, usPrivacy: '1YYN' } }, deviceId: null });
    expect(query.endsWith('&us_privacy=1YYN')).toBe(true);
  });
});
