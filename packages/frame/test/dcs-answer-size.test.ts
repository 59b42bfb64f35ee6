// Outside review (branch attack): a hostile or broken DCS answering with a body of any size.
// The frame keeps at most 1000 segments, 1000 traits, 50 ID syncs, 50 destinations and 10
// cookies (parse-response.ts), a few hundred KB at most; but it read and parsed the whole
// body first. On Android, Chrome isolates only some sites in processes of their own, so the
// frame often shares the publisher page's renderer: a 300 MB answer is the page's memory.
import { describe, expect, it, vi } from 'vitest';
import { createDcsClient, type EventCall } from '../src/index';

const endpoint = 'https://dcs.example/event';
const call: EventCall = { params: { signals: { c_a: ['1'] }, traits: [], uuid: null, coppa: false, ids: [], url: null }, deviceId: null };
const MB = 1024 * 1024;
/** A valid answer padded to about `bytes` with an unknown field. */
const padded = (bytes: number): string => JSON.stringify({ stuff: [], segments: [5001], pad: 'x'.repeat(bytes) });

describe('DCS answers of any size', () => {
  it('an answer that says it is 5 MB is refused as DCS_ERROR', async () => {
    const body = padded(5 * MB);
    const fetch = vi.fn(async () => new Response(body, { headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } }));
    await expect(createDcsClient({ endpoint, fetch, timeoutMs: 5000 }).event(call)).rejects.toMatchObject({ code: 'DCS_ERROR' });
  });

  it('an answer of unknown length is read only up to the limit, then refused as DCS_ERROR', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let pulled = 0;
    // 50 MB, chunked: a valid JSON string, with no Content-Length.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled === 1) controller.enqueue(new TextEncoder().encode('{"stuff":[],"segments":[5001],"pad":"'));
        else if (pulled < 800) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
        }
      },
    });
    const fetch = vi.fn(async () => new Response(stream, { headers: { 'Content-Type': 'application/json' } }));
    await expect(createDcsClient({ endpoint, fetch, timeoutMs: 5000 }).event(call)).rejects.toMatchObject({ code: 'DCS_ERROR' });
    expect(pulled).toBeLessThan(100);
  });

  it('an answer of 200 KB (every list at its cap) is read as before', async () => {
    const fetch = vi.fn(async () => new Response(padded(200 * 1024), { headers: { 'Content-Type': 'application/json' } }));
    const { result } = await createDcsClient({ endpoint, fetch, timeoutMs: 5000 }).event(call);
    expect(result.segments).toEqual(['5001']);
  });
});
