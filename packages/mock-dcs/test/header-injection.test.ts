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

  // Outside review (branch attack3): the pin above let such a redir answer 200 (Node refused the
  // Location: the visitor's sync chain stopped there), é went out as a Latin-1 byte, and a redir
  // with a comma was cut at it (the parser splits values on commas).
  it('sends the visitor on, with characters a header cannot carry percent-encoded and commas kept', async () => {
    for (const [redir, location] of [
      ['http://a.example/%0d%0aX-Injected:%201', 'http://a.example/%0D%0AX-Injected:%201'],
      [`http://a.example/${encodeURIComponent('\u2028\u0100')}`, 'http://a.example/%E2%80%A8%C4%80'],
      ['http://a.example/caf%C3%A9', 'http://a.example/caf%C3%A9'],
      ['http://a.example/s?ids=1,2,3', 'http://a.example/s?ids=1,2,3'],
    ]) {
      const reply = await call(dcs.port, `/ibs:dpid=21&dpuuid=u1&redir=${redir}`);
      expect([reply.status, reply.headers.location, reply.headers['x-injected']], redir).toEqual([302, location, undefined]);
    }
  });
});
