import { describe, expect, it } from 'vitest';
import { demoConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

// The QA kit resets its worker's DCS before every test (profiles, requests, faults). A call of
// the last test still waiting out an injected latency (a "slow DCS" test whose `ready` settled
// by its deadline, then ended) used to land after the reset: in the next test's request log and
// profile store, seconds into that test.
describe('reset() and calls in flight', () => {
  const get = mockDcsPerFile(demoConfig(['http://publisher.localhost']));

  it('a call still waiting out a latency fault when the DCS is reset lands in no later log or profile', async () => {
    const dcs = get();
    dcs.injectFault({ count: 1, latencyMs: 800 });
    const slow = call(dcs.port, '/event?d_rtbd=json&c_test=before-reset').then(
      (reply) => `answered ${reply.status}`,
      () => 'dropped',
    );
    // The slow call is on the server, waiting out its latency.
    await new Promise((resolve) => setTimeout(resolve, 200));
    dcs.reset();
    const fresh = await call(dcs.port, '/event?d_rtbd=json&c_test=after-reset');
    expect(fresh.status).toBe(200);
    // The slow call is over (answered or not): only then is its absence meaningful.
    expect(await slow).toBe('dropped');
    expect(dcs.requests().map((r) => r.signals.c_test)).toEqual([['after-reset']]);
    expect(dcs.profiles()).toHaveLength(1);
  });
});
