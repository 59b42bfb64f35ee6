import { afterEach, describe, expect, it, vi } from 'vitest';
import { NAMESPACE, RelayError, createCaller, servePort, type EventResult, type Port } from '../src/index';

const result: EventResult = { uuid: null, segments: ['1'], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };
const params = { signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null };

function fakePort(): Port & { sent: unknown[]; receive(data: unknown): void } {
  const port = {
    sent: [] as unknown[],
    onmessage: null as ((event: MessageEvent) => void) | null,
    postMessage(message: unknown) {
      port.sent.push(message);
    },
    close() {},
    receive(data: unknown) {
      port.onmessage?.({ data } as MessageEvent);
    },
  };
  return port;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('caller', () => {
  it('tells the call\'s onSent when the frame says it calls the DCS with it, and no other call\'s', async () => {
    const port = fakePort();
    const caller = createCaller(port);
    const made: string[] = [];
    const calls = [caller.call(params, 1000, 'event', () => made.push('first')), caller.call(params, 1000, 'event', () => made.push('second'))];
    const [first] = port.sent as Array<{ id: number }>;
    expect(caller.handle({ ns: NAMESPACE, type: 'sent', id: first!.id })).toBe(true);
    expect(made).toEqual(['first']);
    caller.destroy('reloaded');
    for (const call of calls) await expect(call).rejects.toMatchObject({ code: 'DESTROYED' });
  });

  it('tells onSent not taken when the frame says so (a 429 waiting for its retry), taken otherwise', async () => {
    const port = fakePort();
    const caller = createCaller(port);
    const heard: boolean[] = [];
    const call = caller.call(params, 1000, 'event', (taken) => void heard.push(taken!));
    const [first] = port.sent as Array<{ id: number }>;
    for (const taken of [undefined, false, true]) caller.handle({ ns: NAMESPACE, type: 'sent', id: first!.id, ...(taken === undefined ? {} : { taken }) });
    expect(heard).toEqual([true, false, true]);
    caller.destroy('done');
    await expect(call).rejects.toMatchObject({ code: 'DESTROYED' });
  });

  it('resolves a call with the response of the same id', async () => {
    const port = fakePort();
    const caller = createCaller(port);
    const call = caller.call(params, 1000);
    const sent = port.sent[0] as { id: number };
    expect(caller.handle({ ns: NAMESPACE, type: 'response', id: sent.id + 1, result })).toBe(false);
    expect(caller.handle({ ns: NAMESPACE, type: 'response', id: sent.id, result })).toBe(true);
    await expect(call).resolves.toEqual(result);
    // Answered once: the same response again finds no pending call.
    expect(caller.handle({ ns: NAMESPACE, type: 'response', id: sent.id, result })).toBe(false);
  });

  it('rejects with the typed error the frame sent', async () => {
    const port = fakePort();
    const caller = createCaller(port);
    const call = caller.call(params, 1000);
    caller.handle({ ns: NAMESPACE, type: 'response', id: 1, error: { code: 'DCS_TIMEOUT', message: 'slow DCS' } });
    await expect(call).rejects.toMatchObject({ code: 'DCS_TIMEOUT', message: 'slow DCS' });
  });

  it('settles with CALL_TIMEOUT when no answer comes, and ignores a late answer', async () => {
    vi.useFakeTimers();
    const caller = createCaller(fakePort());
    const call = caller.call(params, 500);
    vi.advanceTimersByTime(500);
    await expect(call).rejects.toMatchObject({ code: 'CALL_TIMEOUT' });
    expect(caller.handle({ ns: NAMESPACE, type: 'response', id: 1, result })).toBe(false);
  });

  it('destroy rejects every pending call and every later one', async () => {
    const caller = createCaller(fakePort());
    const calls = [caller.call(params, 1000), caller.call(params, 1000)];
    caller.destroy('gone');
    for (const call of calls) await expect(call).rejects.toMatchObject({ code: 'DESTROYED' });
    await expect(caller.call(params, 1000)).rejects.toBeInstanceOf(RelayError);
  });
});

describe('servePort', () => {
  it('answers a request with the handler result', async () => {
    const port = fakePort();
    servePort(port, async (_params, _method, sent) => (sent(), result));
    port.receive({ ns: NAMESPACE, type: 'request', id: 7, method: 'event', params });
    // First that it calls the DCS with it (the tag then knows the call was made), then the answer.
    await vi.waitFor(() => expect(port.sent).toEqual([{ ns: NAMESPACE, type: 'sent', id: 7, taken: true }, { ns: NAMESPACE, type: 'response', id: 7, result }]));
  });

  it('turns a handler failure into a typed error response', async () => {
    const port = fakePort();
    servePort(port, async (_params, _method, sent) => {
      sent();
      throw new RelayError('DCS_ERROR', 'HTTP 500');
    });
    port.receive({ ns: NAMESPACE, type: 'request', id: 3, method: 'event', params });
    await vi.waitFor(() =>
      expect(port.sent).toEqual([{ ns: NAMESPACE, type: 'sent', id: 3, taken: true }, { ns: NAMESPACE, type: 'response', id: 3, error: { code: 'DCS_ERROR', message: 'HTTP 500' } }]),
    );
  });

  // soak11: `sent` told as the request came, a frame torn down while the call still waited in
  // its queue (behind a slow call) lost the call's signals: the tag's resend went without them.
  it('says `sent` only when the handler says the call is on its way, once; never for an opt-out, nor a call that never went', async () => {
    const port = fakePort();
    let go = (): void => {};
    servePort(port, async (_params, method, sent) => {
      if (method === 'optOut') sent();
      else if (method === 'event') await new Promise<void>((resolve) => (go = () => (sent(), sent(), resolve())));
      else throw new RelayError('OPTED_OUT', 'opted out');
      return result;
    });
    port.receive({ ns: NAMESPACE, type: 'request', id: 1, method: 'event', params });
    port.receive({ ns: NAMESPACE, type: 'request', id: 2, method: 'optOut', params });
    port.receive({ ns: NAMESPACE, type: 'request', id: 3, method: 'boot', params });
    await vi.waitFor(() => expect(port.sent).toHaveLength(2));
    expect(port.sent.map((m) => [(m as { type: string }).type, (m as { id: number }).id])).toEqual([
      ['response', 2],
      ['response', 3],
    ]);
    go();
    await vi.waitFor(() => expect(port.sent).toHaveLength(4));
    expect(port.sent.slice(2).map((m) => [(m as { type: string }).type, (m as { id: number }).id])).toEqual([
      ['sent', 1],
      ['response', 1],
    ]);
  });

  // attack15: a call refused with 429 waits in the frame for its retry; a frame torn down then
  // never made it, and the tag must send it again with its signals.
  it('says `sent` taken: false while a refused call waits to go again, then `sent` again as it goes; only changes are told', async () => {
    const port = fakePort();
    servePort(port, async (_params, _method, sent) => {
      sent(false);
      sent();
      sent();
      sent(false);
      sent(false);
      sent();
      return result;
    });
    port.receive({ ns: NAMESPACE, type: 'request', id: 5, method: 'event', params });
    await vi.waitFor(() => expect(port.sent).toHaveLength(4));
    expect(port.sent).toEqual([
      { ns: NAMESPACE, type: 'sent', id: 5, taken: true },
      { ns: NAMESPACE, type: 'sent', id: 5, taken: false },
      { ns: NAMESPACE, type: 'sent', id: 5, taken: true },
      { ns: NAMESPACE, type: 'response', id: 5, result },
    ]);
  });

  it('refuses a malformed request that names an id, and drops anything else silently', async () => {
    const port = fakePort();
    const handler = vi.fn(async () => result);
    servePort(port, handler);
    port.receive({ ns: NAMESPACE, type: 'request', id: 4, method: 'event', params: { signals: { bad: ['x'] }, traits: [], uuid: null, coppa: false, ids: [], url: null } });
    port.receive({ hello: 'world' });
    port.receive({ ns: NAMESPACE, type: 'request', method: 'event' });
    expect(handler).not.toHaveBeenCalled();
    expect(port.sent).toEqual([{ ns: NAMESPACE, type: 'response', id: 4, error: { code: 'BAD_REQUEST', message: 'malformed event request' } }]);
  });

  // The privacy strings joined the whole-call limits (MAX_PRIVACY_BYTES): a CMP whose strings
  // are longer gets every call refused before the DCS, with the cause named, not "malformed".
  it('names the cause when the TC and GPP strings are longer than an event call can carry', async () => {
    const port = fakePort();
    const handler = vi.fn(async (_params: unknown, _method: unknown, sent: () => void) => (sent(), result));
    servePort(port, handler);
    const privacy = { gdpr: 1, tcString: 'C'.repeat(3000), gpp: 'D'.repeat(2633), gppSid: [2], usPrivacy: null, restricted: false };
    port.receive({ ns: NAMESPACE, type: 'request', id: 5, method: 'event', params: { ...params, privacy } });
    port.receive({ ns: NAMESPACE, type: 'request', id: 6, method: 'event', params: { ...params, privacy: { ...privacy, gpp: 'D'.repeat(2632) } } });
    // The refused request is not `sent`; the one taken is.
    await vi.waitFor(() => expect(port.sent).toHaveLength(3));
    expect(port.sent[1]).toEqual({ ns: NAMESPACE, type: 'sent', id: 6, taken: true });
    port.sent.splice(1, 1);
    expect(port.sent[0]).toEqual({
      ns: NAMESPACE,
      type: 'response',
      id: 5,
      error: { code: 'BAD_REQUEST', message: "the page's TC and GPP strings take 5633 bytes, over the 5632 an event call can carry: nothing was sent" },
    });
    expect(port.sent[1]).toEqual({ ns: NAMESPACE, type: 'response', id: 6, result });
    expect(handler).toHaveBeenCalledTimes(1);
  });
});
