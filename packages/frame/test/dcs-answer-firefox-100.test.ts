// New-user trial 7: the README and @audience-relay/tag's README say "Firefox 100+". The frame
// reads the DCS's answer with `response.body.pipeThrough(new TextDecoderStream())`
// (dcs-client.ts, readCapped, the size cap of the attack review); Firefox shipped
// TextDecoderStream in 105 and ReadableStream.pipeThrough in 102. In Firefox 100 to 104 the
// frame throws a ReferenceError on every answer, which is caught and reported as
// `DCS_ERROR: DCS answered with a body that is not JSON`: every visitor of those versions gets
// `ready` status `error`, and the message blames the DCS.
// Fixed in packages/frame/src/dcs-client.ts (readCapped): a reader of bytes and one
// TextDecoder with { stream: true }, the same cap.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDcsClient, type EventCall } from '../src/index';

const endpoint = 'https://dcs.example/event';
const call: EventCall = { params: { signals: { c_a: ['1'] }, traits: [], uuid: null, coppa: false, ids: [], url: null }, deviceId: null };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the DCS answer in a browser of the supported range without TextDecoderStream (Firefox 100 to 104)', () => {
  it('is read and parsed as in any other browser', async () => {
    // Firefox 102 to 104: streams pipe, but there is no TextDecoderStream.
    vi.stubGlobal('TextDecoderStream', undefined);
    const fetch = vi.fn(async () => new Response(JSON.stringify({ stuff: [], uuid: '1'.repeat(38), segments: [5001], traits: [1001] }), { headers: { 'Content-Type': 'application/json' } }));
    const { result } = await createDcsClient({ endpoint, fetch, timeoutMs: 5000 }).event(call);
    expect(result.segments).toEqual(['5001']);
  });

  it('without pipeThrough either (Firefox 100, 101), and a character split between two chunks comes out whole', async () => {
    vi.stubGlobal('TextDecoderStream', undefined);
    const pipeThrough = ReadableStream.prototype.pipeThrough;
    (ReadableStream.prototype as { pipeThrough?: unknown }).pipeThrough = undefined;
    try {
      const bytes = new TextEncoder().encode(JSON.stringify({ stuff: [{ cn: 'aud_seg', cv: 'caf\u00e9', ttl: 30, dmn: '' }], uuid: '1'.repeat(38), segments: [5001], traits: [1001] }));
      const cut = bytes.indexOf(0xc3) + 1;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, cut));
          controller.enqueue(bytes.slice(cut));
          controller.close();
        },
      });
      const fetch = vi.fn(async () => new Response(body, { headers: { 'Content-Type': 'application/json' } }));
      const { result } = await createDcsClient({ endpoint, fetch, timeoutMs: 5000 }).event(call);
      expect(result.cookies).toMatchObject([{ name: 'aud_seg', value: 'caf\u00e9' }]);
    } finally {
      ReadableStream.prototype.pipeThrough = pipeThrough;
    }
  });
});
