// fidelity7: where the browser refuses the DCS's cookie, the DCS knows the device only by the
// IDs the event calls name it with. Audience Manager's "Partner Level Opt-Out with Device ID
// calls": `/demoptout.jpg?d_uuid=<AAM ID>`. The device opt-out names them too.
import { describe, expect, it, vi } from 'vitest';
import type { EventParams } from '@audience-relay/protocol';
import { optOut } from '../src/index';

const params = (over: Partial<EventParams> = {}): EventParams => ({ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null, ...over });

async function optOutUrls(given: EventParams): Promise<string[]> {
  const urls: string[] = [];
  const fetch = vi.fn(async (url: string) => (urls.push(url), new Response('')));
  await optOut(given, { endpoint: 'https://dcs.example/demoptout.jpg', fetch: fetch as unknown as typeof globalThis.fetch, clearStorage: () => {} });
  return urls;
}

describe('the device opt-out names the device as the event calls do', () => {
  it('with the device ID (d_uuid) and the Experience Cloud ID (d_mid, d_orgid), beside the bare call (the cookie\'s device, NOTARGET)', async () => {
    const urls = await optOutUrls(params({ uuid: '1'.repeat(38), ecid: { mid: '2'.repeat(38), orgId: 'ABC@AdobeOrg' } }));
    expect(urls).toEqual(['https://dcs.example/demoptout.jpg', `https://dcs.example/demoptout.jpg?d_uuid=${'1'.repeat(38)}&d_mid=${'2'.repeat(38)}&d_orgid=ABC%40AdobeOrg`]);
  });

  it('bare where there is none (the DCS cookie names it)', async () => {
    expect(await optOutUrls(params())).toEqual(['https://dcs.example/demoptout.jpg']);
  });

  it('never under COPPA (no third-party identity is sent)', async () => {
    expect(await optOutUrls(params({ coppa: true, uuid: '1'.repeat(38) }))).toEqual(['https://dcs.example/demoptout.jpg']);
  });
});
