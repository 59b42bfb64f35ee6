// JSONP (`d_cb`) is the one answer of /event that any page can read: a <script> needs no CORS.
// With the visitor's DCS cookie (unpartitioned, as Audience Manager's; or partitioned, from
// another host of the publisher's site) it gives that page the device ID and the segments the
// frame's origin checks keep from it. The referrer allowlist (error 109) is what stops it, and
// a page can send no Referer at all: <script referrerpolicy="no-referrer" src="…&d_cb=steal">.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDcs, type MockDcs, type MockDcsConfig } from '../src/index';
import { call } from './helpers';

let dcs: MockDcs;
let uuid: string;

const config = (allowedReferrerHosts?: string[]): MockDcsConfig => ({
  defaultPartner: 'acme',
  partners: {
    acme: {
      allowedOrigins: ['https://www.publisher.example'],
      ...(allowedReferrerHosts ? { allowedReferrerHosts } : {}),
      traits: [{ id: 1001, rule: 'c_section == "sports"' }],
      segments: [{ id: 5001, rule: '1001T' }],
    },
  },
});
const JSONP = '/event?d_rtbd=json&d_cts=2&c_section=sports&d_cb=steal';
const asVisitor = (headers: Record<string, string> = {}) => ({ headers: { cookie: `demdex=${uuid}`, ...headers } });
/** The object a JSONP answer passes to its callback. */
const payload = (body: string): Record<string, unknown> => {
  expect(body.startsWith('steal(')).toBe(true);
  return JSON.parse(body.slice('steal('.length, -1)) as Record<string, unknown>;
};

beforeAll(async () => {
  dcs = await startMockDcs({ config: config(['www.publisher.example']) });
  // The visitor has a profile and its cookie, from the publisher's frame.
  const first = await call(dcs.port, '/event?d_rtbd=json&d_cts=2&c_section=sports', { headers: { referer: 'https://www.publisher.example/' } });
  uuid = first.json().uuid as string;
  expect(uuid).toMatch(/^\d{38}$/);
});
afterAll(() => dcs.close());

describe('JSONP and the referrer allowlist', () => {
  it('an allowed page reads its JSONP answer', async () => {
    const reply = await call(dcs.port, JSONP, asVisitor({ referer: 'https://www.publisher.example/article' }));
    expect(payload(reply.body)).toMatchObject({ uuid, segments: [5001] });
  });

  it('a page on another host is refused (109), with no device ID and no segments', async () => {
    const reply = await call(dcs.port, JSONP, asVisitor({ referer: 'https://blog.publisher.example/post' }));
    const body = payload(reply.body);
    expect(body.errors).toEqual([expect.objectContaining({ code: 109 })]);
    expect(body.uuid).toBeUndefined();
    expect(body.segments).toBeUndefined();
  });

  it('a page that sends no Referer is refused as well: JSONP without one is readable by anyone', async () => {
    const reply = await call(dcs.port, JSONP, asVisitor());
    const body = payload(reply.body);
    expect(body.errors).toEqual([expect.objectContaining({ code: 109 })]);
    expect(body.uuid).toBeUndefined();
    expect(body.segments).toBeUndefined();
  });

  it('calls without a Referer that no other page can read still count: a pixel, or JSON by CORS', async () => {
    const pixel = await call(dcs.port, '/event?c_section=sports', asVisitor());
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(pixel.headers['x-error']).toBeUndefined();
    const json = await call(dcs.port, '/event?d_rtbd=json&d_cts=2&c_section=sports', asVisitor({ origin: 'https://www.publisher.example' }));
    expect(json.json()).toMatchObject({ uuid, segments: [5001] });
  });

  it('without an allowlist, JSONP answers any page (docs/SECURITY.md says what that gives away)', async () => {
    dcs.setConfig(config());
    try {
      const reply = await call(dcs.port, JSONP, asVisitor());
      expect(payload(reply.body)).toMatchObject({ uuid, segments: [5001] });
    } finally {
      dcs.setConfig(config(['www.publisher.example']));
    }
  });
});
