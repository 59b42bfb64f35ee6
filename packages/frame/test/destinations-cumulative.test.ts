// A limit that holds per call but not per frame: URL destinations. Every event call of a page
// (each SPA route change, each signals call) may bring the same 10 destinations again, and the
// frame fires them all again: iframe destinations run partners' pages, each kept 30 s, so 20
// quick calls keep 200 partner documents alive in the frame. Adobe's destination iframe (and
// mock-dcs's dest5.html, DCS-PROTOCOL.md §6) fires each distinct URL once while the page lives.
// Failed on main 951cfe0 (200 fired); fixed on this branch in destinations.ts / handle-event.ts.
import { describe, expect, it } from 'vitest';
import type { EventParams } from '@audience-relay/protocol';
import { createEventHandler, fireDestinations, type DcsClient, type FrameServices } from '../src/index';

const params: EventParams = { signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null };

describe('URL destinations across the calls of one frame', () => {
  it('the same destination answered by 20 calls is fired once', async () => {
    const fired: string[] = [];
    const dcs: DcsClient = {
      event: async () => ({
        result: { uuid: null, segments: ['5001'], traits: [], cookies: [] },
        idSyncs: [],
        destinations: Array.from({ length: 10 }, (_, i) => ({ id: `d${i}`, type: 'iframe' as const, url: `https://partner.example/dest?n=${i}` })),
        region: null,
      }),
    };
    const services: FrameServices = {
      dcs,
      cookies: () => '',
      partitioned: Promise.resolve(null),
      syncs: { now: () => 0, storage: null, fire: () => {} },
      fireDestination: (d) => void fired.push(d.url),
    };
    const handle = createEventHandler(services);
    for (let i = 0; i < 20; i++) await handle(params);
    // Destinations fire in the task after the answer.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fired).toHaveLength(10);
    expect(fired.length).toBe(new Set(fired).size);
  });

  it('a destination not fired before still fires on a later call, ten a call at most', () => {
    const fired: string[] = [];
    const seen = new Set<string>();
    const dests = (from: number, length: number) => Array.from({ length }, (_, i) => ({ id: `d${from + i}`, type: 'img' as const, url: `https://px.example/${from + i}` }));
    expect(fireDestinations(dests(0, 12), (d) => void fired.push(d.url), seen)).toBe(10);
    // 0-9 fired; 10 and 11 were over the call's ten, so they are due now, with 12-19.
    expect(fireDestinations(dests(2, 20), (d) => void fired.push(d.url), seen)).toBe(10);
    expect(fired.slice(10)).toEqual(Array.from({ length: 10 }, (_, i) => `https://px.example/${10 + i}`));
  });
});
