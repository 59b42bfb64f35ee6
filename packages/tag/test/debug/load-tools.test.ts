import { describe, expect, it } from 'vitest';
import { debugToolsLoader } from '../../src/debug/load-tools';
import type { DebugTools } from '../../src/types';

describe('debugToolsLoader', () => {
  it('loads once, and again after a failed load', async () => {
    let loads = 0;
    const tools = {} as DebugTools;
    const load = debugToolsLoader(() => (++loads === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(tools)));
    await expect(load()).rejects.toThrow('offline');
    await expect(load()).resolves.toBe(tools);
    await expect(load()).resolves.toBe(tools);
    expect(loads).toBe(2);
  });

  it('a build without debug tools rejects each call, saying so', async () => {
    await expect(debugToolsLoader(undefined)()).rejects.toThrow(/debug tools|DEBUG_TOOLS/);
  });
});
