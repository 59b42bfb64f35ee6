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
