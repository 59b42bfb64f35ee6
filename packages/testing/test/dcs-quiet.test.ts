import { describe, expect, it } from 'vitest';
import { dcsQuiet } from '../src/fixtures';

describe('dcsQuiet', () => {
  it('resolves after the quiet period when nothing comes', async () => {
    const started = Date.now();
    await dcsQuiet({ requests: () => [] }, 60);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('waits while requests keep landing (a late page-hide beacon), then until quiet', async () => {
    const log: unknown[] = [];
    const arrivals = [30, 70, 110].map((ms) => setTimeout(() => log.push({}), ms));
    const started = Date.now();
    await dcsQuiet({ requests: () => log as never[] }, 60);
    arrivals.forEach(clearTimeout);
    expect(log).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110 + 55);
  });

  it('hears a new call when the log is full and its length no longer changes', async () => {
    const log: unknown[] = [{}, {}, {}];
    const arrivals = [30, 70, 110].map((ms) => setTimeout(() => (log.shift(), log.push({})), ms));
    const started = Date.now();
    await dcsQuiet({ requests: () => [...log] as never[] }, 60);
    arrivals.forEach(clearTimeout);
    expect(log).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110 + 55);
  });

  it('gives up at its limit when the DCS never goes quiet', async () => {
    const log: unknown[] = [];
    const busy = setInterval(() => log.push({}), 10);
    const started = Date.now();
    await dcsQuiet({ requests: () => log as never[] }, 100, 250);
    clearInterval(busy);
    expect(Date.now() - started).toBeLessThan(400);
  });
});
