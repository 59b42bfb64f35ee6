import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomId } from '../src/random-id';

describe('randomId', () => {
  afterEach(() => vi.restoreAllMocks());

  it('differs each time on a page that fixed Math.random, and fits a call ID (the frame takes [a-z0-9]{1,32})', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const ids = new Set(Array.from({ length: 100 }, () => randomId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{1,20}$/);
  });
});
