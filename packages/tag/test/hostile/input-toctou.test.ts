// Input that changes between two reads of the same check. The guards read each value once to
// check it and again to copy it: `every(...)` then `[...ids]` (the array's iterator) for trait
// IDs, `every(isValue)` then `map(String)` (a second index read, and a toString) for signal
// values. An array with an own Symbol.iterator, or an index getter that answers differently the
// second time, passes the check and hands over something else: a trait "ID" such as
// `1001&d_uuid=…` goes into the page-hide beacon's query as it is (event-query.ts joins d_sid
// unencoded), i.e. a control key the API refuses everywhere else; a signal value over 1024
// characters or with a lone surrogate reaches the frame, which refuses the whole merged call.
// What holds today: a getter that throws (readable()), a change after the call (the copy).
// Fixed in signals.ts: each array is copied first, each item read once by index, and the copy is
// checked and sent (listOf).
import { describe, expect, it } from 'vitest';
import { normalizeDeclaredIds, normalizeSignals, normalizeTraitIds } from '../../src/signals';

/** What a guard hands over, or 'refused'. */
const outcome = (run: () => unknown): unknown => {
  try {
    return run();
  } catch {
    return 'refused';
  }
};

describe('input that answers differently on a second read', () => {
  it('trait IDs: an array whose own iterator yields something else than its checked items', () => {
    const ids = [1001, 1002];
    Object.defineProperty(ids, Symbol.iterator, {
      value: function* () {
        yield '1001&d_uuid=12345678901234567890123456789012345678';
      },
    });
    const got = outcome(() => normalizeTraitIds(ids));
    // Either the items that were checked, or a refusal: never the iterator's.
    expect(got === 'refused' ? got : JSON.stringify(got)).toMatch(/^(refused|\[1001,1002\])$/);
  });

  it('signal values: an index getter that answers a valid value to the check and 5000 characters to the copy', () => {
    let reads = 0;
    const values: unknown[] = [];
    Object.defineProperty(values, 0, { enumerable: true, get: () => (++reads === 1 ? 'sports' : 'x'.repeat(5000)) });
    const got = outcome(() => normalizeSignals({ c_section: values }));
    const copied = got === 'refused' ? [] : ((got as Record<string, string[]>).c_section ?? []);
    expect(copied.every((value) => value.length <= 1024)).toBe(true);
  });

  it("declared IDs: each item is read once, and the array's own map (its species) is not used", () => {
    let reads = 0;
    const list: unknown[] = [];
    Object.defineProperty(list, 0, { enumerable: true, get: () => (++reads === 1 ? { dpid: 411, dpuuid: 'u1' } : { dpid: 411, dpuuid: 'x'.repeat(5000) }) });
    Object.defineProperty(list, 'constructor', { value: { [Symbol.species]: function () { return { planted: true }; } } });
    expect(normalizeDeclaredIds(list)).toEqual([{ source: 411, id: 'u1', authState: null }]);
    expect(reads).toBe(1);
  });

  it('holds today: a value that throws when read is refused, not thrown into the page', () => {
    const values: unknown[] = [];
    Object.defineProperty(values, 0, { enumerable: true, get: () => { throw new Error('page-owned'); } });
    expect(outcome(() => normalizeSignals({ c_section: values }))).toBe('refused');
  });
});
