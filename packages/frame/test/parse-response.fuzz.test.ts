// Property-based: the DCS response parser faces arbitrary JSON and hostile shapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventResponse } from '../src/index';

// Thousands of generated cases: seconds on a quiet machine, several times that on 2 busy
// cores. The time limit is not what these tests check.
const FUZZ_TIME = { timeout: 60_000 };

const hostileKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'segments', 'traits', 'uuid', 'ibs', 'dests');
const body = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(hostileKeys, fc.jsonValue()),
  fc.record({
    uuid: fc.oneof(fc.stringMatching(/^\d{38}$/), fc.jsonValue()),
    segments: fc.oneof(fc.array(fc.oneof(fc.integer(), fc.string(), fc.jsonValue()), { maxLength: 1500 }), fc.jsonValue()),
    traits: fc.oneof(fc.array(fc.integer()), fc.jsonValue()),
    ibs: fc.oneof(fc.array(fc.record({ id: fc.jsonValue(), url: fc.oneof(fc.webUrl(), fc.string(), fc.array(fc.string())), ttl: fc.jsonValue() })), fc.jsonValue()),
    dests: fc.oneof(fc.array(fc.record({ id: fc.jsonValue(), y: fc.jsonValue(), c: fc.oneof(fc.webUrl(), fc.string()), e: fc.oneof(fc.webUrl(), fc.string()) })), fc.jsonValue()),
  }),
);

describe('DCS response parser under arbitrary bodies (fuzz)', FUZZ_TIME, () => {
  it('never throws; output is well-typed, capped, and only http(s) or //host URLs reach the frame', () => {
    fc.assert(
      fc.property(body, fc.boolean(), (value, secure) => {
        // JSON.parse is what the frame sees: round-trip so __proto__ keys are own properties.
        const input: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
        const parsed = parseEventResponse(input, secure);
        if (!parsed) return;
        const { result, idSyncs, destinations } = parsed;
        expect(result.uuid === null || /^\d{38}$/.test(result.uuid)).toBe(true);
        expect(result.segments.length).toBeLessThanOrEqual(1000);
        for (const s of result.segments) expect(s).toMatch(/^\d+$/);
        for (const t of result.traits) expect(Number.isSafeInteger(t) && t >= 0).toBe(true);
        // http(s), or //host as demdex.net writes them (the frame's own scheme when fired).
        for (const sync of idSyncs) {
          expect(sync.urls.length).toBeGreaterThan(0);
          expect(sync.urls.length).toBeLessThanOrEqual(5);
          for (const url of sync.urls) expect(url).toMatch(/^(https?:)?\/\//i);
        }
        for (const dest of destinations) {
          expect(dest.url).toMatch(/^(https?:)?\/\//i);
          expect(['img', 'iframe']).toContain(dest.type);
        }
        const list = (key: string): boolean => Object.hasOwn(input as object, key) && Array.isArray((input as Record<string, unknown>)[key]);
        const lists = list('segments') || list('traits');
        expect(Object.keys(result).sort()).toEqual(['cookies', 'errors', ...(lists ? [] : ['listed']), 'segments', 'traits', 'uuid']);
        if (!lists) expect(result.listed).toBe(false);
        expect(result.errors!.length).toBeLessThanOrEqual(10);
        expect(result.errors!.every((code) => Number.isSafeInteger(code) && code >= 0)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).toEqual({});
  });
});
