// `ready` settles whatever the page broke: its result is built in one guarded place.
import { describe, expect, it, vi } from 'vitest';
import { createReadiness } from '../../src/ready';

describe('ready on a page that broke copying (no structuredClone)', () => {
  it('still resolves with its status, at once or by its deadline, and the console says why', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = (): never => {
      throw new ReferenceError('structuredClone is not defined');
    };
    const now = createReadiness(() => ({ status: 'fresh' }), () => ({ status: 'timeout' }), broken);
    const none = { segments: [], traits: [], uuid: null, identity: { source: 'none', partitioned: null }, cached: false };
    await expect(now.wait(1000)).resolves.toEqual({ status: 'fresh', ...none });
    const later = createReadiness(() => null, () => ({ status: 'timeout' }), broken);
    await expect(later.wait(5)).resolves.toEqual({ status: 'timeout', ...none });
    expect(String(error.mock.calls[0])).toMatch(/structuredClone is not defined/);
  });
});

describe('ready with many calls waiting while the state changes many times in one task', () => {
  it('looks at the verdict once per waiting call per task, not once per change', async () => {
    let verdicts = 0;
    let done = false;
    const readiness = createReadiness(
      () => {
        verdicts++;
        return done ? { status: 'fresh' } : null;
      },
      () => ({ status: 'timeout' }),
      () => ({ segments: [], traits: [], uuid: null, identity: { source: 'none', partitioned: null }, cached: false }),
    );
    const waiting = Array.from({ length: 2000 }, () => readiness.wait(60_000));
    // Each `wait` looks once as it starts.
    expect(verdicts).toBe(2000);
    for (let i = 0; i < 20_000; i++) readiness.notify();
    done = true;
    readiness.notify();
    const results = await Promise.all(waiting);
    expect(results.every((r) => r.status === 'fresh')).toBe(true);
    // One more look each, after the 20,001 changes: 4,000, where it was 40 million.
    expect(verdicts).toBe(4000);
  });
});
