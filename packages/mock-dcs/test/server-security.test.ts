// Issue 19, server side: what a page on another site, a rebound DNS name, a private key in
// disguise or a hostile rule pattern can do to mock-dcs. Each of these failed before.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, compileConfig, demoConfig, startMockDcs, type MockDcs } from '../src/index';
import { call, type CallOptions } from './helpers';

let dcs: MockDcs;
beforeAll(async () => {
  dcs = await startMockDcs();
});
afterAll(() => dcs.close());
beforeEach(() => {
  dcs.setConfig(demoConfig());
  dcs.reset();
});

const JSON_TYPE = { 'content-type': 'application/json' };
const admin = (path: string, options: CallOptions = {}) => call(dcs.port, `/__admin${path}`, options);
const injectLatency = (headers: Record<string, string>) =>
  admin('/faults', { method: 'POST', headers, body: JSON.stringify({ count: 1, latencyMs: 5000 }) });

describe('admin API: tools on this machine only', () => {
  it('answers loopback Hosts: localhost, *.localhost, 127.0.0.0/8 and [::1], with or without a port', async () => {
    for (const host of ['localhost', `localhost:${dcs.port}`, 'dcs.localhost', `acme.dcs.localhost:${dcs.port}`, '127.0.0.1', `127.8.9.10:${dcs.port}`, '[::1]', `[::1]:${dcs.port}`]) {
      const reply = await admin('/faults', { headers: { host } });
      expect(reply.status, host).toBe(200);
    }
  });

  it('refuses any other Host (DNS rebinding: a site name pointed at 127.0.0.1), before doing anything', async () => {
    for (const host of [`attacker.example:${dcs.port}`, 'localhost.attacker.example', '127.0.0.1.nip.io', '10.0.0.1', '[::2]', 'dcs.localhost@evil']) {
      const reply = await admin('/faults', { method: 'POST', headers: { ...JSON_TYPE, host }, body: JSON.stringify({ count: 1, status: 500 }) });
      expect(reply.status, host).toBe(403);
      expect(reply.json().error, host).toMatch(/loopback/);
    }
    const read = await admin('/requests', { headers: { host: `attacker.example:${dcs.port}` } });
    expect(read.status).toBe(403);
    expect((await admin('/faults')).json()).toBeNull();
  });

  it('refuses a request from a page on another site (its Origin), even with a JSON body', async () => {
    for (const origin of ['http://publisher.localhost:4280', 'https://evil.example', 'null', `http://dcs.localhost:${dcs.port + 1}`, `https://dcs.localhost:${dcs.port}`]) {
      const reply = await injectLatency({ ...JSON_TYPE, host: `dcs.localhost:${dcs.port}`, origin });
      expect(reply.status, origin).toBe(403);
      expect(reply.json().error, origin).toMatch(/same-origin/);
    }
    expect((await admin('/faults')).json()).toBeNull();
  });

  it('takes same-origin and Origin-less requests', async () => {
    const host = `dcs.localhost:${dcs.port}`;
    expect((await injectLatency({ ...JSON_TYPE, host, origin: `http://${host}` })).status).toBe(200);
    expect((await admin('/faults', { method: 'DELETE', headers: { ...JSON_TYPE, host } })).status).toBe(200);
    expect((await injectLatency({ ...JSON_TYPE, host })).status).toBe(200);
    expect((await admin('/faults')).json()).toMatchObject({ count: 1, latencyMs: 5000 });
  });

  it('refuses a state change without Content-Type: application/json (what a no-cors form or fetch POST sends)', async () => {
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const reply = await injectLatency(type ? { 'content-type': type } : {});
      expect(reply.status, type).toBe(415);
    }
    expect((await admin('/reset', { method: 'POST' })).status).toBe(415);
    expect((await admin('/faults')).json()).toBeNull();
    expect((await injectLatency({ 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });
});

describe('request log: private keys in disguise', () => {
  it('redacts a percent-encoded p_ key, which /event evaluates as p_', async () => {
    dcs.setConfig({ partners: { acme: { allowedOrigins: [], traits: [{ id: 1, rule: 'p_age < 25' }], segments: [{ id: 10, rule: '1T' }] } }, defaultPartner: 'acme' });
    const reply = await call(dcs.port, '/event?d_rtbd=json&d_cts=2&%70_age=23&p%5Fname=zebra&%70%5f+x=quagga&p_zip=sf&c_x=kept');
    expect(reply.json().segments).toEqual([10]);
    const [recorded] = dcs.requests();
    expect(recorded?.path).toBe('/event?d_rtbd=json&d_cts=2&%70_age=[redacted]&p%5Fname=[redacted]&%70%5f+x=[redacted]&p_zip=[redacted]&c_x=kept');
    expect(JSON.stringify(recorded)).not.toMatch(/zebra|quagga/);
    expect(recorded?.signals).toMatchObject({ p_age: ['[redacted]'], p_name: ['[redacted]'], c_x: ['kept'] });
  });

  it('redacts a value whose key cannot be decoded (the call is refused with 311, but it is still logged)', async () => {
    await call(dcs.port, '/event?d_rtbd=json&%70_%zz=secret&c_x=kept');
    expect(dcs.requests()[0]?.path).toBe('/event?d_rtbd=json&%70_%zz=[redacted]&c_x=kept');
  });
});

describe('matches patterns cannot stall the server', () => {
  const withRule = (rule: string) => ({ defaultPartner: 'acme', partners: { acme: { allowedOrigins: [], traits: [{ id: 1, rule }], segments: [{ id: 10, rule: '1T' }] } } });

  it('answers at once with a pattern that backtracks catastrophically in a JavaScript RegExp', async () => {
    // (a+)+$ over 26 a's and a "!" takes a backtracking engine seconds, twice that per extra "a".
    dcs.setConfig(withRule('c_x matches "(a+)+$" OR c_y matches "^(a|aa)*$"'));
    const started = performance.now();
    const slow = await call(dcs.port, `/event?d_rtbd=json&d_cts=2&c_x=${'a'.repeat(26)}!&c_y=${'a'.repeat(32)}b`);
    expect(slow.json().segments).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await call(dcs.port, '/event?d_rtbd=json&d_cts=2&c_x=aaa')).json().segments).toEqual([10]);
  });

  it('refuses at config load what the linear-time engine cannot run: backreferences, lookaround, huge patterns', () => {
    for (const rule of ['c_x matches "(a)\\\\1"', 'c_x matches "a(?=b)"', 'c_x matches "(?<!a)b"', `c_x matches "${'a'.repeat(501)}"`, 'c_x matches "((a{1,1000}){1,1000}){1,1000}"']) {
      expect(() => compileConfig(withRule(rule)), rule).toThrow(ConfigError);
    }
    try {
      compileConfig(withRule('c_x matches "(a)\\\\1"'));
    } catch (error) {
      expect((error as ConfigError).problems[0]).toMatch(/partners\.acme\.traits\[0\]\.rule: .*RE2 syntax: no backreferences or lookaround/);
    }
  });

  it('never tests a value over 4096 characters (the per-evaluation budget)', async () => {
    dcs.setConfig(withRule('c_x matches "^a+$"'));
    expect((await call(dcs.port, `/event?d_rtbd=json&d_cts=2&c_x=${'a'.repeat(4096)}`)).json().segments).toEqual([10]);
    dcs.reset();
    expect((await call(dcs.port, `/event?d_rtbd=json&d_cts=2&c_x=${'a'.repeat(4097)}`)).json().segments).toEqual([]);
  });
});
