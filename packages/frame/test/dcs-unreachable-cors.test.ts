// New-user trial (trial4): a vendor deployed the frame on a CDN (deploying.md) and did not add
// the CDN's origin to the DCS's allowed origins. The DCS answered every call, without CORS
// headers; the browser hid the answers (fetch rejects with a bare TypeError, as for a network
// failure), and the page's ready and diagnose() said "DCS unreachable": the vendor checked a
// DCS that was up. From the frame on another origin than its DCS, a failed fetch is as likely a
// CORS refusal as an outage, and the message should say both, naming the origin to allow.
// Fixed in packages/frame/src/dcs-client.ts: the DCS_ERROR message for a rejected fetch names
// CORS too.
import { describe, expect, it, vi } from 'vitest';
import { createDcsClient, type EventCall } from '../src/index';

const call: EventCall = { params: { signals: { c_section: ['sports'] }, traits: [], uuid: null, coppa: false, ids: [], url: null }, deviceId: null };

describe('a fetch the browser refused, from a frame on another origin than its DCS', () => {
  it('is not reported as the DCS being unreachable only: the message names CORS', async () => {
    // What Chromium gives for an answer without Access-Control-Allow-Origin.
    const fetch = vi.fn(async () => Promise.reject(new TypeError('Failed to fetch')));
    const client = createDcsClient({ endpoint: 'https://acme.dcs.example/event', fetch, timeoutMs: 1000 });
    const error = await client.event(call).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^DCS unreachable/);
    expect(error?.message).toMatch(/CORS/);
  });
});
