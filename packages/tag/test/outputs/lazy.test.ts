// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OUTPUTS_KEY, lazyOutputs, type OutputsBundle } from '../../src/outputs/lazy';
import { validateConfig } from '../../src/config';
import { noSegments } from '../../src/no-segments';
import { nextTask } from '../next-task';

const config = (outputs: unknown) => validateConfig({ partner: 'acme', dcs: 'https://dcs.example', outputs });
const source = { src: 'https://cdn.example/audience-relay-outputs.js', nonce: 'n0nce' };
const host = window as unknown as Record<symbol, Record<string, OutputsBundle> | undefined>;
/** The bundle as its script registers it: under the URL the tag loads it from. */
const register = (bundle: OutputsBundle): void => void (host[OUTPUTS_KEY] = { [source.src]: bundle });

afterEach(() => {
  delete host[OUTPUTS_KEY];
  document.head.replaceChildren();
});

describe('lazy outputs (CDN tag)', () => {
  it('takes the bundle URL from the snippet\'s Trusted Types policy when there is one', async () => {
    const createScriptURL = vi.fn((url: string) => url);
    const outputs = lazyOutputs(window, config({ gpt: {} }), { ...source, policy: { createScriptURL } });
    outputs.segments({ ...noSegments(), segments: ['1'] });
    await nextTask();
    expect(createScriptURL).toHaveBeenCalledWith(source.src);
    expect(document.head.querySelector('script')?.src).toBe(source.src);
  });

  it('never loads the bundle for a config without outputs: the DCS\'s cookie destinations are written at once, within the limits, and ready has nothing to wait for', async () => {
    document.cookie.split('; ').forEach((pair) => (document.cookie = `${pair.split('=')[0]}=; max-age=0`));
    localStorage.clear();
    const outputs = lazyOutputs(window, config({}), source);
    outputs.start!();
    outputs.segments({ ...noSegments(), segments: ['1'] });
    outputs.cookies([
      { name: 'aam_seg', value: '1|2', days: 1, domain: '.' },
      // The bundle's limits hold here too: a session cookie's name is never written.
      { name: 'PHPSESSID', value: 'fixed', days: 1, domain: '.' },
    ]);
    // Written in this task, before anything the answer's `ready` callbacks could read.
    expect(document.cookie).toContain('aam_seg=1|2');
    expect(document.cookie).not.toContain('PHPSESSID');
    expect(localStorage.getItem('ar_cd_acme')).toContain('aam_seg');
    expect(outputs.pending!()).toBeNull();
    await nextTask();
    expect(document.head.querySelector('script')).toBeNull();
  });

  it('asks for the bundle with the first segments when outputs are configured, not before (consent comes first)', async () => {
    const outputs = lazyOutputs(window, config({ gpt: {} }), source);
    await nextTask();
    expect(document.head.querySelector('script')).toBeNull();
    outputs.segments({ ...noSegments(), segments: ['1'], cached: true });
    await nextTask();
    expect(document.head.querySelector('script')?.src).toBe(source.src);
  });

  it('holds the latest segments and cookies until the bundle runs, then applies them once', async () => {
    const applied: unknown[] = [];
    register({
      browserOutputs: (_w, partner, raw) => {
        applied.push(['create', partner, raw]);
        return { segments: (e) => void applied.push(e.segments), cookies: (c) => void applied.push(c.length) };
      },
    });
    const outputs = lazyOutputs(window, config({ gpt: {} }), source);
    outputs.segments({ ...noSegments(), segments: ['1'], cached: true });
    outputs.segments({ ...noSegments(), segments: ['2'] });
    outputs.cookies([{ name: 'a', value: 'b', days: 1, domain: '.' }]);
    expect(applied).toEqual([]);
    await nextTask();
    expect(applied).toEqual([['create', 'acme', { gpt: {} }], 1, ['2']]);
    outputs.segments({ ...noSegments(), segments: ['3'] });
    expect(applied.at(-1)).toEqual(['3']);
  });

  it('start (consent granted) loads the bundle before any segments when outputs are configured; pending settles once it ran', async () => {
    const none = lazyOutputs(window, config({}), source);
    none.start!();
    await nextTask();
    expect(document.head.querySelector('script')).toBeNull();
    expect(none.pending!()).toBeNull();
    const applied: string[][] = [];
    // The bundle as it will be once its script ran (happy-dom runs no script).
    register({ browserOutputs: () => ({ segments: (e) => void applied.push(e.segments), cookies: () => {} }) });
    const outputs = lazyOutputs(window, config({ gpt: {} }), source);
    outputs.start!();
    // Loading, before any segments: `ready` would wait on this.
    const pending = outputs.pending!();
    expect(pending).toBeInstanceOf(Promise);
    outputs.segments({ ...noSegments(), segments: ['1'] });
    expect(applied).toEqual([]);
    await pending;
    expect(applied).toEqual([['1']]);
    expect(outputs.pending!()).toBeNull();
  });

  it('a bundle that refused the outputs config: pending ends, and the refusal is the problem diagnose names', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    register({
      browserOutputs: () => {
        throw new Error('[audience-relay] invalid config: outputs.gpt.slot');
      },
    });
    const outputs = lazyOutputs(window, config({ gpt: {} }), source);
    outputs.start!();
    await outputs.pending!();
    expect(outputs.pending!()).toBeNull();
    expect(outputs.problem!()).toBe('[audience-relay] invalid config: outputs.gpt.slot');
    error.mockRestore();
  });

  it('a bundle that did not load is tried again after 2 and 4 s, then with the next update, and applies what waited', async () => {
    vi.useFakeTimers();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const applied: string[][] = [];
      const outputs = lazyOutputs(window, config({ gpt: {} }), source);
      outputs.segments({ ...noSegments(), segments: ['1'] });
      // happy-dom loads no script: each one fails, as a blocked or failed request does.
      const scripts = () => document.head.querySelectorAll('script').length;
      await vi.advanceTimersByTimeAsync(0);
      expect([scripts(), error.mock.calls.length]).toEqual([1, 1]);
      await vi.advanceTimersByTimeAsync(1900);
      expect(scripts()).toBe(1);
      await vi.advanceTimersByTimeAsync(200);
      expect([scripts(), error.mock.calls.length]).toEqual([2, 2]);
      await vi.advanceTimersByTimeAsync(3800);
      expect(scripts()).toBe(2);
      await vi.advanceTimersByTimeAsync(400);
      expect([scripts(), error.mock.calls.length]).toEqual([3, 3]);
      // No more timed tries; the next update asks again, and this time the bundle comes.
      await vi.advanceTimersByTimeAsync(60000);
      expect(scripts()).toBe(3);
      register({ browserOutputs: () => ({ segments: (e) => void applied.push(e.segments), cookies: () => {} }) });
      outputs.segments({ ...noSegments(), segments: ['2'] });
      await vi.advanceTimersByTimeAsync(0);
      expect(applied).toEqual([['2']]);
      expect(error).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
      error.mockRestore();
    }
  });

  it('reports an outputs config error in the console and keeps going', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    register({
      browserOutputs: () => {
        throw new Error('[audience-relay] invalid config: outputs.gpt.key: expected …');
      },
    });
    const outputs = lazyOutputs(window, config({ gpt: { key: '' } }), source);
    expect(() => outputs.segments({ ...noSegments(), segments: ['1'] })).not.toThrow();
    await nextTask();
    expect(error).toHaveBeenCalledWith('[audience-relay] invalid config: outputs.gpt.key: expected …');
  });

  it('a bundle that cannot load is reported on the console, and the API keeps working', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const outputs = lazyOutputs(window, config({ gpt: {} }), source);
    outputs.segments({ ...noSegments(), segments: ['1'] });
    await nextTask();
    document.head.querySelector('script')!.dispatchEvent(new Event('error'));
    await nextTask();
    expect(error).toHaveBeenCalledWith(`[audience-relay] ${source.src} did not load (blocked, or its integrity check failed)`);
    expect(() => outputs.segments({ ...noSegments(), segments: ['2'] })).not.toThrow();
  });
});
