import { describe, expect, it } from 'vitest';
import { normalizeDeclaredIds, normalizeSignals } from '../src/signals';

const message = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('signal validation (issue 19)', () => {
  it('refuses the d_ control keys the frame sets itself, with a clear error', () => {
    for (const key of ['d_cb', 'd_orgid', 'd_rtbd', 'd_uuid', 'd_sid', 'd_url', 'd_cid_ic', 'D_UUID'.replace('D_', 'd_')]) {
      expect(message(() => normalizeSignals({ [key]: '1' }))).toContain(`"${key}": a control key the frame sets itself`);
    }
    expect(normalizeSignals({ d_dma: '501' })).toEqual({ d_dma: ['501'] });
  });

  it('refuses values that are not well-formed Unicode (a lone surrogate), and keeps pairs', () => {
    expect(message(() => normalizeSignals({ c_a: 'x\uD800' }))).toContain('"c_a": expected');
    expect(message(() => normalizeSignals({ c_a: '\uDC00y' }))).toContain('"c_a": expected');
    expect(message(() => normalizeDeclaredIds({ dpid: 1, dpuuid: 'a\uD83D' }))).toContain('[0]: expected');
    expect(normalizeSignals({ c_a: 'emoji \uD83D\uDE00' })).toEqual({ c_a: ['emoji \uD83D\uDE00'] });
  });

  it('stops naming problems after the first 20 and says how many more there are', () => {
    const input = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`bad${i}`, 1]));
    const text = message(() => normalizeSignals(input));
    expect(text.match(/not a c_, p_ or d_ key/g)).toHaveLength(20);
    // 150 bad keys and the key count over 200? No: 150 keys, so 150 problems, 130 more.
    expect(text).toMatch(/; and 130 more$/);
    expect(text.length).toBeLessThan(3000);
  });

  it('refuses signals over the byte limit of one event call', () => {
    const input = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c_k${i}`, ['€'.repeat(200)]]));
    expect(message(() => normalizeSignals(input))).toContain('more than 16384 bytes');
  });

  it('reads declared IDs from own properties only', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.authState = 9;
    try {
      expect(normalizeDeclaredIds({ code: 'crm', dpuuid: 'x' })).toEqual([{ source: 'crm', id: 'x', authState: null }]);
    } finally {
      delete proto.authState;
    }
  });

  it("input that throws when read is a BAD_REQUEST naming the command, not the page's own exception", () => {
    const getter = Object.defineProperty({}, 'c_a', { enumerable: true, get() {
      throw new Error('page getter');
    } });
    const trap = new Proxy({}, { ownKeys() {
      throw new Error('page trap');
    } });
    for (const [run, what] of [[() => normalizeSignals(getter), 'signals'], [() => normalizeSignals(trap), 'signals'], [() => normalizeDeclaredIds([{ dpid: 1, get dpuuid() {
      throw new Error('page getter');
    } }]), 'ids']] as const) {
      expect(run).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining(`invalid ${what}: it threw when read`) }));
    }
  });

  it('an object of 100,000 keys is refused on its key count, without checking each key', () => {
    const huge = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`c_${i}`, 'x']));
    let valuesRead = 0;
    Object.defineProperty(huge, 'c_0', { enumerable: true, get: () => (valuesRead++, 'x') });
    expect(message(() => normalizeSignals(huge))).toBe('[audience-relay] invalid signals: more than 200 keys');
    expect(valuesRead).toBe(0);
  });
});
