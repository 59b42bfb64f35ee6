// Adobe's clients fire ID syncs again when the DCS region changes: VisitorAPI.js 5.5.0 compares
// each answer's dcs_region with the one it kept (getRegionAndCheckIfChanged) and, when it
// changed, sends `---destpub-clear-dextp---` first, so the destination iframe forgets its sync
// record and the syncs fire again (DCS-PROTOCOL.md §6; mock-dcs's dest5.html does the same).
// A sync ties a partner's ID to the device in the region that serves it: a device served by a
// new region has none there until they fire again. The frame replaces that iframe, but its
// record keeps a sync silent for its whole TTL (a week here) whatever region answers.
// Outside review (fidelity2): the frame against mock-dcs, the partner's region changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventParams } from '@audience-relay/protocol';
import { startMockDcs, type MockDcs, type MockDcsConfig } from '../../mock-dcs/src/index';
import { createDcsClient, createEventHandler, type FrameServices } from '../src/index';

const params: EventParams = { signals: {}, traits: [], uuid: null, coppa: false, ids: [], url: null };
const config = (region: number): MockDcsConfig => ({
  defaultPartner: 'acme',
  partners: {
    acme: {
      allowedOrigins: [],
      region,
      traits: [],
      segments: [],
      idSyncs: [{ id: 411, dpid: 411, url: 'https://sync.partner.example/p?uid=${DD_UUID}', ttlMinutes: 10080 }],
    },
  },
});

let dcs: MockDcs;
beforeAll(async () => {
  dcs = await startMockDcs({ config: config(7) });
});
afterAll(() => dcs.close());

describe('ID syncs after a DCS region change', () => {
  it('fire again when the answer names another dcs_region than the one the syncs were fired for', async () => {
    // Fixed: the frame keeps the region its syncs were fired for (id-syncs.ts, from parse-response.ts's dcs_region).
    const data = new Map<string, string>();
    const fired: string[] = [];
    let cookie = '';
    // A browser's cookie jar, for the DCS's device cookie.
    const fetchWithCookie: typeof fetch = async (input, init) => {
      const response = await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie, host: 'acme.dcs.localhost' } });
      const set = /demdex=(\d{38})/.exec(response.headers.get('set-cookie') ?? '');
      if (set) cookie = `demdex=${set[1]}`;
      return response;
    };
    const services: FrameServices = {
      dcs: createDcsClient({ endpoint: `http://127.0.0.1:${dcs.port}/event`, fetch: fetchWithCookie, timeoutMs: 5000 }),
      cookies: () => cookie,
      partitioned: Promise.resolve(false),
      syncs: { now: () => Date.now(), storage: { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }, fire: (url) => void fired.push(url) },
      fireDestination: () => {},
    };
    const handle = createEventHandler(services);
    // The handler fires the syncs in a timer it sets before it answers; a timer set after the
    // answer runs after it (same delay, first in first out): no guessed wait.
    const settle = () => new Promise((resolve) => setTimeout(resolve));

    await handle(params);
    await settle();
    expect(fired).toHaveLength(1);
    // Same region: within its TTL the sync stays silent, as it should.
    await handle(params);
    await settle();
    expect(fired).toHaveLength(1);
    // The partner is now served by region 9.
    dcs.setConfig(config(9));
    await handle(params);
    await settle();
    expect(fired).toHaveLength(2);
  });
});
