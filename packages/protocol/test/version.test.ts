import { describe, expect, it } from 'vitest';
import { negotiateVersion } from '../src/index';

describe('version negotiation', () => {
  it('picks the highest version both sides speak', () => {
    expect(negotiateVersion({ min: 1, max: 3 }, { min: 2, max: 5 })).toBe(3);
    expect(negotiateVersion({ min: 1, max: 1 }, { min: 1, max: 1 })).toBe(1);
  });

  it('returns null when the ranges do not overlap', () => {
    expect(negotiateVersion({ min: 1, max: 1 }, { min: 2, max: 3 })).toBeNull();
  });
});
