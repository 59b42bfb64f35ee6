import { describe, expect, it } from 'vitest';
import { gptOutput } from '../../src/outputs/gpt';

type Call = [string, ...unknown[]];

/** A GPT stand-in with the real API's shapes, recording every targeting call. */
function fakeGpt(options: { setConfig: boolean; loaded: boolean }) {
  const calls: Call[] = [];
  const targetable = (who: string) => ({
    ...(options.setConfig ? { setConfig: (c: unknown) => void calls.push([`${who}.setConfig`, c]) } : {}),
    setTargeting: (k: string, v: string[]) => void calls.push([`${who}.setTargeting`, k, v]),
    clearTargeting: (k: string) => void calls.push([`${who}.clearTargeting`, k]),
  });
  const slot = (id: string, path: string) => ({ ...targetable(`slot:${id}`), getSlotElementId: () => id, getAdUnitPath: () => path });
  const slots = [slot('top', '/1/top'), slot('side', '/1/side')];
  const api = {
    ...(options.setConfig ? { setConfig: (c: unknown) => void calls.push(['setConfig', c]) } : {}),
    pubads: () => ({ ...targetable('pubads'), getSlots: () => slots }),
  };
  const cmd: Array<() => void> | { push(f: () => void): void } = options.loaded ? { push: (f: () => void) => f() } : [];
  const win = { googletag: { ...api, cmd } } as unknown as Window;
  /** What GPT does when it loads: runs the queued commands in order. */
  const load = () => {
    for (const f of cmd as Array<() => void>) f();
  };
  return { win, calls, load, cmd };
}

describe('GPT output', () => {
  it('uses googletag.setConfig({ targeting }) where it exists, and clears only our key with null', () => {
    const gpt = fakeGpt({ setConfig: true, loaded: true });
    const out = gptOutput(gpt.win, { key: 'aud', slots: [] });
    out(['5001', '5002']);
    out([]);
    expect(gpt.calls).toEqual([
      ['setConfig', { targeting: { aud: ['5001', '5002'] } }],
      ['setConfig', { targeting: { aud: null } }],
    ]);
  });

  it('falls back to pubads().setTargeting / clearTargeting on older GPT', () => {
    const gpt = fakeGpt({ setConfig: false, loaded: true });
    const out = gptOutput(gpt.win, { key: 'aud', slots: [] });
    out(['5001']);
    out([]);
    expect(gpt.calls).toEqual([
      ['pubads.setTargeting', 'aud', ['5001']],
      ['pubads.clearTargeting', 'aud'],
    ]);
  });

  it('sets slot-level targeting on the configured slots only, by element ID or ad unit path', () => {
    const gpt = fakeGpt({ setConfig: false, loaded: true });
    gptOutput(gpt.win, { key: 'aud', slots: ['/1/side'] })(['7']);
    expect(gpt.calls).toEqual([
      ['pubads.setTargeting', 'aud', ['7']],
      ['slot:side.setTargeting', 'aud', ['7']],
    ]);
  });

  it('before GPT loads, runs first in googletag.cmd (ahead of the page\'s display) with the latest segments, and once more after the page\'s commands', () => {
    const gpt = fakeGpt({ setConfig: true, loaded: false });
    const queue = gpt.cmd as Array<() => void>;
    queue.push(() => void gpt.calls.push(['display']));
    const out = gptOutput(gpt.win, { key: 'aud', slots: [] });
    out(['1']); // cached
    out(['2']); // fresh, before GPT loaded
    expect(queue).toHaveLength(3);
    gpt.load();
    // Again after the page's commands: a slot the page defines there gets the segments too
    // (the fresh-clone CI's ad-stack test: the fresh answer came before GPT loaded).
    expect(gpt.calls).toEqual([['setConfig', { targeting: { aud: ['2'] } }], ['display'], ['setConfig', { targeting: { aud: ['2'] } }]]);
  });

  it("creates googletag.cmd when the page has not, as GPT's own snippet does", () => {
    const win = {} as Window & { googletag?: { cmd: unknown[] } };
    gptOutput(win, { key: 'aud', slots: [] })(['1']);
    expect(win.googletag?.cmd).toHaveLength(2);
  });
});
