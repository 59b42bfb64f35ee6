// A customer ID declared by integration code (`ids: { code, dpuuid }`, sent on events as
// `d_cid_ic`) is opted out at the DCS like one declared by data source ID.
//
// Audience Manager's "Data privacy requests" / "Declared ID opt-out examples"
// (experienceleague.adobe.com/docs/audience-manager/user-guide/overview/data-privacy/data-privacy-requests.html):
// "You can make a declared ID opt-out request with the d_cid and d_cid_ic key-value pairs":
// `/demoptout?d_cid_ic=456%01321`, and several `d_cid` and `d_cid_ic` pairs in one call. mock-dcs
// implements both (packages/mock-dcs/src/routes/opt-out.ts). The frame sends only the `d_cid`
// ones ("the DCS opts out only those", opt-out.ts), so a customer ID the page declared by code
// stays opted in at the DCS: another browser declaring it is still profiled under it.
import { describe, expect, it, vi } from 'vitest';
import type { EventParams } from '@audience-relay/protocol';
import { optOut } from '../src/index';

const params = (over: Partial<EventParams> = {}): EventParams => ({ signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null, ...over });

describe('frame opt-out of declared IDs', () => {
  // lead: fix in packages/frame/src/opt-out.ts
  it.fails('sends a declared ID given by integration code as d_cid_ic (encoded like the event call), beside the d_cid ones', async () => {
    const urls: string[] = [];
    const fetch = vi.fn(async (url: string) => {
      urls.push(url);
      return new Response('');
    });
    await optOut(
      params({ ids: [{ source: 21, id: 'crm 42', authState: null }, { source: 'crm', id: 'x/1', authState: 1 }] }),
      { endpoint: 'https://dcs.example/demoptout.jpg', fetch: fetch as unknown as typeof globalThis.fetch, clearStorage: () => {} },
    );
    expect(urls).toContain('https://dcs.example/demoptout.jpg?d_cid=21%01crm%2042');
    expect(urls.some((url) => /[?&]d_cid_ic=crm%01x%2F1(&|%01|$)/.test(url))).toBe(true);
  });
});
