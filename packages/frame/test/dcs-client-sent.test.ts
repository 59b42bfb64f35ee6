// soak11: the frame told the tag `sent` (and recorded the call as made) as the request came,
// though the call may wait its turn behind a slow one in the frame's queue; a frame torn down
// then (its element moved) had made nothing, and the tag's resend went without the call's
// signals. `sent` is now called as the request goes to the browser.
import { describe, expect, it, vi } from 'vitest';
import { createDcsClient, type EventCall } from '../src/index';

const endpoint = 'https://dcs.example/event';
const call: EventCall = { params: { signals: { c_a: ['1'] }, traits: [], uuid: null, coppa: false, ids: [], url: null }, deviceId: null };
const answer = (): Response => new Response(JSON.stringify({ stuff: [], segments: [5001] }), { headers: { 'Content-Type': 'application/json' } });

describe('the DCS client says a call is sent when the browser has it', () => {
  it('a call queued behind a slow one is sent only after that one is answered', async () => {
    const order: string[] = [];
    let answerFirst = (): void => {};
    const fetch = vi.fn(() => {
      order.push(`fetch ${fetch.mock.calls.length}`);
      return fetch.mock.calls.length === 1 ? new Promise<Response>((resolve) => (answerFirst = () => (order.push('first answered'), resolve(answer())))) : Promise.resolve(answer());
    });
    const client = createDcsClient({ endpoint, fetch, timeoutMs: 5000 });
    const done = [client.event(call, () => order.push('first sent')), client.event(call, () => order.push('second sent'))];
    await vi.waitFor(() => expect(order).toContain('first sent'));
    answerFirst();
    await Promise.all(done);
    expect(order).toEqual(['fetch 1', 'first sent', 'first answered', 'fetch 2', 'second sent']);
  });

  it('a call made while none waits goes to the browser in the caller\'s task, not a microtask later', () => {
    const fetch = vi.fn(async () => answer());
    const sent = vi.fn();
    const client = createDcsClient({ endpoint, fetch, timeoutMs: 5000 });
    void client.event(call, sent);
    // Synchronously: the frame's boot call leaves before the rest of its start-up runs.
    expect([fetch.mock.calls.length, sent.mock.calls.length]).toEqual([1, 1]);
  });

  it('after the calls before it settled, the next call again goes at once', async () => {
    const fetch = vi.fn(async () => answer());
    const client = createDcsClient({ endpoint, fetch, timeoutMs: 5000 });
    await client.event(call);
    await client.event(call).catch(() => {});
    // Let the queue see it is empty (its settling is a few microtasks behind the answer).
    await new Promise((resolve) => setTimeout(resolve, 0));
    void client.event(call);
    expect(fetch.mock.calls.length).toBe(3);
  });

  it('a call refused before it goes (over the size a DCS takes) is never sent', async () => {
    const fetch = vi.fn(async () => answer());
    const sent = vi.fn();
    const huge: EventCall = { ...call, params: { ...call.params, signals: { c_a: ['x'.repeat(300_000)] } } };
    await expect(createDcsClient({ endpoint, fetch, timeoutMs: 5000 }).event(huge, sent)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect([fetch.mock.calls.length, sent.mock.calls.length]).toEqual([0, 0]);
  });
  it('a call refused with 429 is said not taken while it waits for its Retry-After, and sent again as its retry goes', async () => {
    const order: string[] = [];
    const fetch = vi.fn(async () => {
      order.push(`fetch ${fetch.mock.calls.length}`);
      return fetch.mock.calls.length === 1 ? new Response('', { status: 429, headers: { 'Retry-After': '0' } }) : answer();
    });
    await createDcsClient({ endpoint, fetch, timeoutMs: 5000 }).event(call, (taken = true) => void order.push(taken ? 'sent' : 'not taken'));
    expect(order).toEqual(['fetch 1', 'sent', 'not taken', 'fetch 2', 'sent']);
  });
});
