// Limits that hold per request but not per profile: one device (one cookie) calling again and
// again. The store bounds the NUMBER of profiles (maxProfiles, inactiveMs), but what one kept
// profile holds grows with every call: each event call may declare 10 new customer IDs of up
// to 256 characters (d_cid with any data source ID, configured or not), and each ID sync
// (`/ibs:dpid=N&dpuuid=U`) stores a partner ID under any data source ID with no length limit.
// One visitor, or one load-test script with a fixed cookie, grows one profile (and the
// declared-ID index beside it) without end: memory the LRU never reclaims, since the
// profile stays the most recently active.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, startMockDcs, type MockDcs } from '../src/index';
import { call } from './helpers';

let dcs: MockDcs;
beforeAll(async () => {
  dcs = await startMockDcs({ config: demoConfig() });
});
afterAll(() => dcs.close());

/** Bytes of the one profile as the admin API shows it. */
const profileBytes = (uuid: string): number => JSON.stringify(dcs.profiles().find((p) => p.uuid === uuid)).length;

describe('one profile, many calls', () => {
  it('stays under 1 MB whatever the number of declared IDs and ID syncs one device sends', async () => {
    const first = await call(dcs.port, '/event?d_rtbd=json');
    const uuid = first.json().uuid as string;
    const cookie = { cookie: `demdex=${uuid}` };
    const id = (n: number): string => `${n}`.padStart(250, 'x');
    // 300 event calls of 10 new declared IDs each (10 data sources, so the 3-per-source limit holds).
    for (let call_ = 0; call_ < 300; call_++) {
      const cids = Array.from({ length: 10 }, (_, i) => `d_cid=${1000 + i}%01${id(call_ * 10 + i)}`).join('&');
      await call(dcs.port, `/event?d_rtbd=json&${cids}`, { headers: cookie });
    }
    // 100 ID syncs, each a new data source and a 7 KB partner ID.
    for (let n = 0; n < 100; n++) await call(dcs.port, `/ibs:dpid=${5000 + n}&dpuuid=${'y'.repeat(7000)}`, { headers: cookie });
    const bytes = profileBytes(uuid);
    // On main: about 1.5 MB, and linear in the number of calls (no bound at all).
    expect(bytes).toBeLessThan(1_000_000);
  }, 60_000);
});
