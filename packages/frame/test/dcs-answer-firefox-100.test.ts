// New-user trial 7: the README and @audience-relay/tag's README say "Firefox 100+". The frame
// reads the DCS's answer with `response.body.pipeThrough(new TextDecoderStream())`
// (dcs-client.ts, readCapped, the size cap of the attack review); Firefox shipped
// TextDecoderStream in 105 and ReadableStream.pipeThrough in 102. In Firefox 100 to 104 the
// frame throws a ReferenceError on every answer, which is caught and reported as
// `DCS_ERROR: DCS answered with a body that is not JSON`: every visitor of those versions gets
// `ready` status `error`, and the message blames the DCS.
// lead: fix in packages/frame/src/dcs-client.ts (readCapped): read the body without
// TextDecoderStream/pipeThrough where the browser lacks them (a reader of bytes and one
// TextDecoder with { stream: true }, same cap), or raise the stated Firefox version to 105.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDcsClient, type EventCall } from '../src/index';

const endpoint = 'https://dcs.example/event';
const call: EventCall = { params: { signals: { c_a: ['1'] }, traits: [], uuid: null, coppa: false, ids: [], url: null }, deviceId: null };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the DCS answer in a browser of the supported range without TextDecoderStream (Firefox 100 to 104)', () => {
  it.fails('is read and parsed as in any other browser', async () => {
    // Firefox 102 to 104: streams pipe, but there is no TextDecoderStream.
    vi.stubGlobal('TextDecoderStream', undefined);
    const fetch = vi.fn(async () => new Response(JSON.stringify({ stuff: [], uuid: '1'.repeat(38), segments: [5001], traits: [1001] }), { headers: { 'Content-Type': 'application/json' } }));
    const { result } = await createDcsClient({ endpoint, fetch, timeoutMs: 5000 }).event(call);
    expect(result.segments).toEqual(['5001']);
  });
});
