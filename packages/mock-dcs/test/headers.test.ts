// HTTP header data, as "Supported attributes for DCS API calls" lists it (h_host,
// h_user-agent, h_accept-language, h_referer, h_referrer, h_date), and error 100 for a
// request that names no host.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDcs, type MockDcs } from '../src/index';
import { call } from './helpers';

let dcs: MockDcs;

beforeAll(async () => {
  dcs = await startMockDcs({
    config: {
      defaultPartner: 'acme',
      partners: {
        acme: {
          allowedOrigins: [],
          traits: [
            { id: 1, rule: 'h_referrer startswith "https://origin.example/"' },
            { id: 2, rule: 'h_date contains "Nov 2026"' },
            { id: 3, rule: 'h_host == "acme.dcs.localhost"' },
          ],
          segments: [],
        },
      },
    },
  });
});
afterAll(async () => {
  await dcs.close();
});

describe('h_ attributes from headers', () => {
  it('h_referrer from the Referrer header and h_date from the Date header qualify traits', async () => {
    const reply = await call(dcs.port, '/event?d_rtbd=json&d_cts=2', { headers: { referrer: 'https://origin.example/page', date: 'Mon, 30 Nov 2026 09:00:00 GMT' } });
    expect(reply.json().traits).toEqual([1, 2]);
    expect(dcs.requests().at(-1)?.signals).toMatchObject({ h_referrer: ['https://origin.example/page'], h_date: ['Mon, 30 Nov 2026 09:00:00 GMT'] });
  });
});

describe('h_host', () => {
  // "h_host: set to the client's specific data collection host name. It appears as host
  // name .demdex.net": a host name. mock-dcs kept the port it is reached on (acme.dcs.localhost:4000),
  // so a QA config's rule on h_host matched nothing that Audience Manager's would.
  it('is the host name without the port', async () => {
    const reply = await call(dcs.port, '/event?d_rtbd=json&d_cts=2', { headers: { host: 'acme.dcs.localhost:4000' } });
    expect(reply.json().traits).toEqual([3]);
    expect(dcs.requests().at(-1)?.signals).toMatchObject({ h_host: ['acme.dcs.localhost'] });
  });
});

describe('error 100', () => {
  it('a request without a Host header: 200 with error 100, not a bare 400', async () => {
    const reply = await new Promise<{ status: number; body: string; xError: unknown }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: dcs.port, path: '/event?d_rtbd=json', setHost: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, xError: res.headers['x-error'] }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ stuff: [], errors: [{ code: 100, msg: 'Could not retrieve host name for the request' }] });
    expect(reply.xError).toBe('100');
  });
});
