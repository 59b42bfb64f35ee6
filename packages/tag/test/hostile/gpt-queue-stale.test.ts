// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { OUTPUTS_KEY, lazyOutputs, type OutputsBundle } from '../../src/outputs/lazy';
import { browserOutputs } from '../../src/outputs/index';
import { gptOutput } from '../../src/outputs/gpt';
import { validateConfig } from '../../src/config';
import { noSegments } from '../../src/no-segments';
import { nextTask } from '../next-task';

// The GPT command queue on a repeat visit, where GPT loads after the DCS has answered (GPT
// often takes a second; the DCS and the outputs bundle, cached, a few hundred ms).

const host = window as unknown as Record<string | symbol, unknown>;
const source = { src: 'https://cdn.example/audience-relay-outputs.js', nonce: '' };

/** GPT as a page has it before the library loads, and what the library does when it does. */
function pageGpt() {
  const targeting = new Map<string, string[] | null>();
  const api = {
    setConfig: (c: { targeting: Record<string, string[] | null> }) => {
      for (const [k, v] of Object.entries(c.targeting)) targeting.set(k, v);
    },
    pubads: () => ({ getSlots: () => [], setTargeting() {}, clearTargeting() {} }),
  };
  host.googletag = { cmd: [] as Array<() => void> };
  const load = (): void => {
    const gt = host.googletag as { cmd: Array<() => void> };
    const queued = gt.cmd;
    host.googletag = { ...api, cmd: { push: (f: () => void) => f() } };
    for (const f of queued) f();
  };
  return { targeting, load };
}

afterEach(() => {
  delete host[OUTPUTS_KEY];
  delete host.googletag;
  delete host[Symbol.for('audience-relay.claims')];
  document.head.replaceChildren();
});

describe('hostile: the GPT command queue', () => {
  // Fixed in packages/tag/src/outputs/lazy.ts (the early command gets every segments update): the tag's early GPT output
  // (cached segments) and the bundle's own gptOutput each keep a command in googletag.cmd, each
  // with its own `latest`. Once the bundle took over, fresh segments update only the bundle's
  // command; the early one still holds the cached segments and, unshifted first, runs after the
  // bundle's when GPT loads: the first ad request carries last visit's segments, not the fresh
  // ones.
  it('a repeat visit whose GPT loads after the fresh answer targets the fresh segments, not the cached ones', async () => {
    const gpt = pageGpt();
    host[OUTPUTS_KEY] = { [source.src]: { browserOutputs } satisfies OutputsBundle };
    const outputs = lazyOutputs(window, validateConfig({ partner: 'acme', dcs: 'https://dcs.example', outputs: { gpt: { key: 'aud' } } }), source);
    // The cached segments at once; the bundle (in the browser's cache) runs in the next task.
    outputs.segments({ ...noSegments(), segments: ['1111'], cached: true });
    await nextTask();
    await nextTask();
    // The DCS answers.
    outputs.segments({ ...noSegments(), segments: ['2222'] });
    // GPT arrives, and the page's first ad request reads the targeting now.
    gpt.load();
    expect(gpt.targeting.get('aud')).toEqual(['2222']);
  });

  // The same, with privacy at stake: the segments cleared (an opt-out, a consent withdrawal:
  // relay.ts forget() hands the outputs no segments) before GPT loads, and the stale early
  // command puts last visit's segments back into the first ad request.
  it('segments cleared (opt-out, consent withdrawn) before GPT loads stay cleared in the first ad request', async () => {
    const gpt = pageGpt();
    host[OUTPUTS_KEY] = { [source.src]: { browserOutputs } satisfies OutputsBundle };
    const outputs = lazyOutputs(window, validateConfig({ partner: 'acme', dcs: 'https://dcs.example', outputs: { gpt: { key: 'aud' } } }), source);
    outputs.segments({ ...noSegments(), segments: ['1111'], cached: true });
    await nextTask();
    await nextTask();
    outputs.segments(noSegments());
    gpt.load();
    expect(gpt.targeting.get('aud') ?? null).toBeNull();
  });

  // Fixed in packages/tag/src/outputs/command-queue.ts (it remembers the queue it used): `waiting` was set before the command
  // is queued and cleared only when it runs. A page that replaces its stub
  // (`window.googletag = { cmd: [] }` in a second ad script, a consent manager re-initialising
  // the ad stack) or a `cmd.push` that throws once drops our command, and `waiting` stays true:
  // no later answer ever reached GPT on that page.
  it('a page that replaces its googletag stub after our first command still gets the later segments', () => {
    host.googletag = { cmd: [] };
    const out = gptOutput(window, { key: 'aud', slots: [] });
    out(['1111']);
    // Another script on the page re-creates the stub, unconditionally.
    host.googletag = { cmd: [] };
    const gpt = pageGpt();
    gpt.load();
    out(['2222']);
    expect(gpt.targeting.get('aud')).toEqual(['2222']);
  });

  it('a googletag.cmd.push that throws once does not stop every later update', () => {
    const gpt = pageGpt();
    gpt.load();
    const gt = host.googletag as { cmd: { push(f: () => void): void } };
    const push = gt.cmd.push;
    let calls = 0;
    gt.cmd.push = (f) => {
      if (calls++ === 0) throw new Error('GPT is busy');
      push(f);
    };
    const out = gptOutput(window, { key: 'aud', slots: [] });
    try {
      out(['1111']);
    } catch {
      // The tag's outputs run in safely(); this direct call lets it through.
    }
    out(['2222']);
    expect(gpt.targeting.get('aud')).toEqual(['2222']);
  });

  // attack11: a relay destroyed before GPT loaded (an SPA's micro-frontend unmounted, the tag
  // configured again) left its command in googletag.cmd; unshifted before the page's commands,
  // it ran when GPT loaded and put that relay's segments into the first ad request, after the
  // new relay's.
  it("a destroyed relay's command still waiting in googletag.cmd applies nothing when GPT loads; the new relay's does", async () => {
    const gpt = pageGpt();
    host[OUTPUTS_KEY] = { [source.src]: { browserOutputs } satisfies OutputsBundle };
    const config = validateConfig({ partner: 'acme', dcs: 'https://dcs.example', outputs: { gpt: { key: 'aud' } } });
    const old = lazyOutputs(window, config, source);
    old.segments({ ...noSegments(), segments: ['1111'], cached: true });
    await nextTask();
    await nextTask();
    old.segments({ ...noSegments(), segments: ['2222'] });
    // The page's ad request, queued as pages do.
    let requested: string[] | null | undefined;
    (host.googletag as { cmd: Array<() => void> }).cmd.push(() => (requested = gpt.targeting.get('aud')));
    old.stop?.();
    delete host[Symbol.for('audience-relay.claims')];
    const next = lazyOutputs(window, config, source);
    next.segments({ ...noSegments(), segments: ['3333'] });
    await nextTask();
    await nextTask();
    gpt.load();
    // Before the fix: ['2222'] (the old relay's commands ran after the new one's first).
    expect(requested).toEqual(['3333']);
    expect(gpt.targeting.get('aud')).toEqual(['3333']);
  });

  it('stopped while the outputs bundle loads: nothing of it is applied when it comes', async () => {
    const gpt = pageGpt();
    host[OUTPUTS_KEY] = { [source.src]: { browserOutputs } satisfies OutputsBundle };
    const outputs = lazyOutputs(window, validateConfig({ partner: 'acme', dcs: 'https://dcs.example', outputs: { gpt: { key: 'aud' }, dataLayer: true } }), source);
    outputs.segments({ ...noSegments(), segments: ['1111'] });
    outputs.stop?.();
    await nextTask();
    await nextTask();
    gpt.load();
    expect(gpt.targeting.has('aud')).toBe(false);
    expect((host as { dataLayer?: unknown[] }).dataLayer ?? []).toEqual([]);
  });
});
