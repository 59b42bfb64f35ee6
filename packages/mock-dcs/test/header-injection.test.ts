// Header injection through the one request value mock-dcs puts in a response header: the ID
// sync's `redir` (Location). Percent-decoded, it may hold CR/LF or characters a header cannot.
// Pins: no injected header, no crash, an answer either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig, startMockDcs, type MockDcs } from '../src/index';
import { call } from './helpers';

let dcs: MockDcs;
beforeAll(async () => {
  dcs = await startMockDcs({ config: demoConfig() });
});
afterAll(() => dcs.close());

describe('the ID sync redirect', () => {
  it('never injects a header from redir, whatever it decodes to, and the server keeps answering', async () => {
    for (const redir of ['http://a.example/%0d%0aX-Injected:%201', 'http://a.example/%0aX-Injected:%201', `http://a.example/${encodeURIComponent('\u2028\u0100')}`, 'http://a.example/%00']) {
      const reply = await call(dcs.port, `/ibs:dpid=21&dpuuid=u1&redir=${redir}`);
      expect(reply.headers['x-injected'], redir).toBeUndefined();
      expect([200, 302], redir).toContain(reply.status);
    }
    const ok = await call(dcs.port, '/ibs:dpid=21&dpuuid=u1&redir=http://a.example/ok?u=${DD_UUID}');
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toMatch(/^http:\/\/a\.example\/ok\?u=\d{38}$/);
  });
});
