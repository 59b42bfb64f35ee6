import { describe, expect, it } from 'vitest';
import { createReadiness, type Verdict } from '../src/ready';
import { noSegments } from '../src/no-segments';

describe('createReadiness', () => {
  it('a waiting call looks again when a watched promise settles, watched once however often given', async () => {
    let verdict: Verdict | null = null;
    let looked = 0;
    const readiness = createReadiness(
      () => (looked++, verdict),
      () => ({ status: 'timeout' }),
      () => noSegments(),
    );
    let loaded = (): void => {};
    const loading = new Promise<void>((resolve) => (loaded = resolve));
    const waiting = readiness.wait(5000);
    readiness.watch(loading);
    readiness.watch(loading);
    const before = looked;
    verdict = { status: 'fresh' };
    loaded();
    expect(await waiting).toMatchObject({ status: 'fresh' });
    // One look for the settled promise, not one per time it was given.
    expect(looked - before).toBe(1);
  });
});
