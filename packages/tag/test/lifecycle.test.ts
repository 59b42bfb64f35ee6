import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLifecycle } from '../src/lifecycle';

describe('createLifecycle', () => {
  afterEach(() => vi.restoreAllMocks());

  it('starts once until unstarted, and is destroyed once', () => {
    const life = createLifecycle();
    expect([life.started, life.start(), life.start(), life.started]).toEqual([false, true, false, true]);
    life.unstart();
    expect([life.started, life.start()]).toEqual([false, true]);
    expect([life.destroyed, life.destroy(), life.destroy(), life.destroyed]).toEqual([false, true, false, true]);
  });

  it('a call after destroy is said once on the console, however many are made', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const life = createLifecycle();
    life.destroy();
    life.dropped();
    life.dropped();
    expect(error.mock.calls).toEqual([['[audience-relay] a call after destroy() is dropped']]);
  });
});
