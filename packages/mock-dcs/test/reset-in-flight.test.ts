import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, startMockDcs, type MockDcs } from '../src/index';
import { call, mockDcsPerFile } from './helpers';
import { startProviderStub, type ProviderStub } from './provider-stub';

/** Resolves once `check` holds, polling every 10 ms. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

// The QA kit resets its worker's DCS before every test (profiles, requests, faults). A call of
// the last test still waiting out an injected latency (a "slow DCS" test whose `ready` settled
// by its deadline, then ended) used to land after the reset: in the next test's request log and
// profile store, seconds into that test.
describe('reset() and calls in flight', () => {
  const get = mockDcsPerFile(demoConfig(['http://publisher.localhost']));

  it('a call still waiting out a latency fault when the DCS is reset lands in no later log or profile', async () => {
    const dcs = get();
    dcs.injectFault({ count: 1, latencyMs: 5000 });
    const slow = call(dcs.port, '/event?d_rtbd=json&c_test=before-reset').then(
      (reply) => `answered ${reply.status}`,
      () => 'dropped',
    );
    // The slow call is on the server, waiting out its latency: it has taken the one fault.
    await until(async () => (await call(dcs.port, '/__admin/faults', { headers: { host: 'localhost' } })).body === 'null');
    dcs.reset();
    const fresh = await call(dcs.port, '/event?d_rtbd=json&c_test=after-reset');
    expect(fresh.status).toBe(200);
    // The slow call is over (answered or not): only then is its absence meaningful.
    expect(await slow).toBe('dropped');
    expect(dcs.requests().map((r) => r.signals.c_test)).toEqual([['after-reset']]);
    expect(dcs.profiles()).toHaveLength(1);
  });
});

describe('reset() and a call waiting on a slow content provider', () => {
  let stub: ProviderStub;
  let dcs: MockDcs;
  beforeAll(async () => {
    stub = await startProviderStub();
    dcs = await startMockDcs({
      config: {
        defaultPartner: 'acme',
        partners: {
          acme: {
            allowedOrigins: [],
            traits: [{ id: 1, rule: 'c_test == "x"' }],
            segments: [{ id: 10, rule: '1T' }],
            contentProviders: [{ id: 1, dpid: 777, url: `${stub.url}/segments?uid=\${DPUUID}`, timeoutMs: 2000 }],
          },
        },
      },
    });
  });
  afterAll(async () => {
    await Promise.all([dcs.close(), stub.close()]);
  });

  it('lands in no log that follows the reset', async () => {
    // A visitor the provider knows; the provider then takes 800 ms to answer.
    const uuid = (await call(dcs.port, '/event?d_rtbd=json')).json().uuid as string;
    await call(dcs.port, '/ibs:dpid=777&dpuuid=cp-1', { headers: { cookie: `demdex=${uuid}` } });
    let asked = false;
    stub.handle = (_req, res) => {
      asked = true;
      setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"segments":[]}'), 800);
    };
    const slow = call(dcs.port, '/event?d_rtbd=json&c_test=before-reset', { headers: { cookie: `demdex=${uuid}` } }).then(
      (reply) => `answered ${reply.status}`,
      () => 'dropped',
    );
    // The call is on the server, waiting on the provider.
    await until(async () => asked);
    dcs.reset();
    expect(await slow).toBe('dropped');
    expect(dcs.requests()).toEqual([]);
  });
});
