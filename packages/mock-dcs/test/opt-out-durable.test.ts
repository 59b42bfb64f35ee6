// Fails on main 951cfe0; passes on branch fidelity (e9da56f: an opted-out device gets 171 on /event).
// A device opted out at the DCS (/demoptout.jpg with its cookie) comes back without that
// cookie: third-party cookies blocked, or another publisher site's partition (CHIPS), where
// the tag's first-party copy of the device ID is offered as d_uuid. The profile is marked
// opted out, but /event never looks at the mark (profiles.ts optedOut is written by
// routes/opt-out.ts and read by nothing but the admin view): the device is recognized again,
// traits are realized, segments come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, startMockDcs, type MockDcs } from '../src/index';
import { call } from './helpers';

let dcs: MockDcs;
beforeAll(async () => {
  dcs = await startMockDcs({ config: demoConfig() });
});
afterAll(() => dcs.close());

describe('an opted-out device', () => {
  it('is not profiled again when it comes back by d_uuid without the opt-out cookie', async () => {
    const first = await call(dcs.port, '/event?d_rtbd=json&d_cts=2&c_section=sports');
    const uuid = first.json().uuid as string;
    expect((first.json().segments as number[]).length).toBeGreaterThan(0);
    await call(dcs.port, '/demoptout.jpg', { headers: { cookie: `demdex=${uuid}` } });
    const back = await call(dcs.port, `/event?d_rtbd=json&d_cts=2&c_section=sports&d_uuid=${uuid}`);
    expect(back.json().uuid).toBeUndefined();
    expect(back.json().segments ?? []).toEqual([]);
  });
});
