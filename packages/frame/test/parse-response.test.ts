import { describe, expect, it } from 'vitest';
import { parseEventResponse } from '../src/index';

describe('DCS response parser', () => {
  it('keeps valid fields, converts segment IDs to strings and drops unknown fields', () => {
    const result = parseEventResponse({
      uuid: '07955261652886032950143702505894272138',
      segments: [5001, '5002', 5001],
      traits: [1001],
      dcs_region: 7,
      tid: 'ss3OTqPiQp0=',
      errors: [{ code: 10, msg: 'Unable to evaluate traits: provider 1 timed out' }],
      surprise: { evil: true },
    });
    expect(result?.result).toEqual({ uuid: '07955261652886032950143702505894272138', segments: ['5001', '5002'], traits: [1001], cookies: [], errors: [10] });
  });

  it('drops values of the wrong type instead of passing them on', () => {
    const result = parseEventResponse({ uuid: '123', segments: [1.5, -3, 'x', null, {}, 7], traits: 'all', tid: 42, errors: [{ msg: 'no code' }] });
    // Error codes: whole numbers only, each once, ten at most; the messages stay here.
    const codes = Array.from({ length: 30 }, (_, i) => ({ code: i % 15, msg: `crm-${i}` }));
    expect(parseEventResponse({ errors: [{ code: '171' }, { code: -1 }, { code: 1.5 }, ...codes] })?.result.errors).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result?.result).toEqual({ uuid: null, segments: ['7'], traits: [], cookies: [], errors: [] });
  });

  it('tells an answer with no trait or segment list (d_cts not enabled for the account) from one with empty lists', () => {
    const cookies = [{ cn: 'aud_seg', cv: 'seg=5001', ttl: 30, dmn: '' }];
    expect(parseEventResponse({ uuid: '1'.repeat(38), stuff: cookies })?.result).toMatchObject({ segments: [], traits: [], listed: false });
    // The JSON has the lists, empty or not: they say what the visitor qualified for.
    expect(parseEventResponse({ segments: [], traits: [] })?.result).not.toHaveProperty('listed');
    expect(parseEventResponse({ traits: [1001] })?.result).not.toHaveProperty('listed');
    expect(parseEventResponse({ segments: ['5001'] })?.result).not.toHaveProperty('listed');
    // Lists of the wrong type are dropped, not counted as lists (the DCS never sends them).
    expect(parseEventResponse({ segments: 'all', traits: {} })?.result.listed).toBe(false);
  });

  it('keeps cookie destinations that are safe to write, per the protocol (ttl 0 means do not write)', () => {
    const stuff = [
      { cn: 'aud_seg', cv: 'seg=5001,5002', ttl: 30, dmn: '.pub.example' },
      { cn: 'here', cv: '1', ttl: 1 },
      { cn: 'zero', cv: '1', ttl: 0, dmn: '' },
      // Text, which the tag writes percent-encoded (AM: "semicolons are encoded as %3B").
      { cn: 'text', cv: 'x; Domain=evil.example', ttl: 30, dmn: '' },
      { cn: 'control', cv: 'x\r\nSet-Cookie: y', ttl: 30, dmn: '' },
      { cn: 'bad name', cv: '1', ttl: 30, dmn: '' },
      { cn: 'baddomain', cv: '1', ttl: 30, dmn: 'evil.example/path' },
    ];
    expect(parseEventResponse({ stuff })?.result.cookies).toEqual([
      { name: 'aud_seg', value: 'seg=5001,5002', days: 30, domain: '.pub.example' },
      { name: 'here', value: '1', days: 1, domain: '' },
      { name: 'text', value: 'x; Domain=evil.example', days: 30, domain: '' },
    ]);
  });

  it('caps the number of segments it keeps', () => {
    const result = parseEventResponse({ segments: Array.from({ length: 5000 }, (_, i) => i + 1) });
    expect(result?.result.segments).toHaveLength(1000);
  });

  it('cannot be used to pollute prototypes', () => {
    const body: unknown = JSON.parse('{"__proto__": {"polluted": true, "segments": [1]}, "constructor": {"prototype": {"polluted": true}}}');
    const result = parseEventResponse(body);
    expect(result?.result.segments).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps only ID syncs with an http(s) URL, for the frame to fire', () => {
    const parsed = parseEventResponse({
      ibs: [
        { id: '411', tag: 'img', url: ['https://sync.partner.example/p?uid=1'], ttl: 10080 },
        { id: '412', url: ['javascript:alert(1)'], ttl: 1 },
        { id: 413, url: 'http://sync.other.example/x', ttl: 5 },
        { url: ['https://no-id.example/'] },
      ],
    });
    expect(parsed?.idSyncs).toEqual([
      { id: '411', urls: ['https://sync.partner.example/p?uid=1'], ttl: 10080 },
      { id: '413', urls: ['http://sync.other.example/x'], ttl: 5 },
    ]);
  });

  it("keeps every firable URL of an ID sync's list, up to five, as DIL and VisitorAPI.js fire them", () => {
    const urls = Array.from({ length: 7 }, (_, i) => `https://sync${i}.example/p`);
    const parsed = parseEventResponse({
      ibs: [
        { id: '411', url: ['https://a.example/1', 'javascript:alert(1)', '//b.example/2'], ttl: 10 },
        { id: '412', url: urls, ttl: 10 },
      ],
    });
    expect(parsed?.idSyncs).toEqual([
      { id: '411', urls: ['https://a.example/1', '//b.example/2'], ttl: 10 },
      { id: '412', urls: urls.slice(0, 5), ttl: 10 },
    ]);
  });

  it('returns null for a body that is not an object', () => {
    for (const body of [null, 'ok', 3, [1, 2]]) expect(parseEventResponse(body)).toBeNull();
  });
});
