import { describe, expect, it } from 'vitest';
import { prebidOutput } from '../../src/outputs/prebid';

/**
 * A Prebid stand-in: getConfig / setConfig / mergeConfig with Prebid's array-appending merge,
 * and its topic subscriptions (`getConfig('ortb2', fn)`, called at once on each change).
 */
function fakePbjs(initial: Record<string, unknown> = {}) {
  let ortb2: { user?: { data?: unknown[] } } & Record<string, unknown> = structuredClone(initial);
  const calls: string[] = [];
  const subscribers: Array<() => void> = [];
  const told = (): void => subscribers.forEach((fn) => fn());
  const pbjs = {
    que: [] as Array<() => void>,
    getConfig: (path: string, fn?: () => void) => {
      // Prebid's subscription gives back its unsubscribe function.
      if (fn) return subscribers.push(fn) && (() => void subscribers.splice(subscribers.indexOf(fn) >>> 0, 1));
      return path === 'ortb2' ? structuredClone(ortb2) : undefined;
    },
    setConfig: (c: { ortb2: typeof ortb2 }) => {
      calls.push('setConfig');
      ortb2 = structuredClone(c.ortb2);
      told();
    },
    mergeConfig: (c: { ortb2: { user: { data: unknown[] } } }) => {
      calls.push('mergeConfig');
      ortb2 = { ...ortb2, user: { ...ortb2.user, data: [...(ortb2.user?.data ?? []), ...c.ortb2.user.data] } };
      told();
    },
  };
  const run = () => pbjs.que.splice(0).forEach((f) => f());
  return { win: { pbjs } as unknown as Window, pbjs, calls, run, ortb2: () => ortb2, subscribers };
}

describe('Prebid output', () => {
  it('adds our ortb2.user.data entry with mergeConfig, keeping other vendors\' entries and fields', () => {
    const pb = fakePbjs({ site: { name: 'pub' }, user: { keywords: 'k', data: [{ name: 'other.example', segment: [{ id: '9' }] }] } });
    prebidOutput(pb.win, { name: 'dcs.example', segtax: 600 })(['5001', '5002']);
    pb.run();
    expect(pb.calls).toEqual(['mergeConfig']);
    expect(pb.ortb2()).toEqual({
      site: { name: 'pub' },
      user: {
        keywords: 'k',
        data: [
          { name: 'other.example', segment: [{ id: '9' }] },
          { name: 'dcs.example', ext: { segtax: 600 }, segment: [{ id: '5001' }, { id: '5002' }] },
        ],
      },
    });
  });

  it('replaces our entry by name on update and removes it when there are no segments', () => {
    const pb = fakePbjs({ user: { data: [{ name: 'other.example', segment: [] }] } });
    const out = prebidOutput(pb.win, { name: 'dcs.example', segtax: null });
    out(['1']);
    out(['2']);
    pb.run();
    expect(pb.ortb2().user?.data).toEqual([{ name: 'other.example', segment: [] }, { name: 'dcs.example', segment: [{ id: '2' }] }]);
    out([]);
    pb.run();
    expect(pb.ortb2().user?.data).toEqual([{ name: 'other.example', segment: [] }]);
    expect(pb.calls).toEqual(['mergeConfig', 'setConfig']);
  });

  it('queues on pbjs.que when Prebid has not loaded (creating it as Prebid\'s snippet does)', () => {
    const win = {} as Window & { pbjs?: { que: unknown[] } };
    prebidOutput(win, { name: 'dcs.example', segtax: null })(['1']);
    expect(win.pbjs?.que).toHaveLength(1);
  });

  it("puts our entry back when the page's setConfig replaces ortb2 (Prebid's docs show first-party data so), once", () => {
    const pb = fakePbjs();
    const out = prebidOutput(pb.win, { name: 'dcs.example', segtax: null });
    out(['5001']);
    pb.run();
    pb.pbjs.setConfig({ ortb2: { site: { name: 'pub' } } });
    expect(pb.ortb2()).toEqual({ site: { name: 'pub' }, user: { data: [{ name: 'dcs.example', segment: [{ id: '5001' }] }] } });
    // The page's setConfig, our one mergeConfig; our entry there, nothing more.
    expect(pb.calls).toEqual(['mergeConfig', 'setConfig', 'mergeConfig']);
    pb.pbjs.setConfig({ ortb2: { ...pb.ortb2(), site: { name: 'pub 2' } } });
    expect(pb.calls).toHaveLength(4);
    // No segments: nothing put back.
    out([]);
    pb.run();
    pb.pbjs.setConfig({ ortb2: { site: { name: 'pub' } } });
    expect(pb.ortb2()).toEqual({ site: { name: 'pub' } });
  });

  it('a Prebid whose getConfig throws inside the page\'s setConfig: nothing of ours reaches the page', () => {
    const pb = fakePbjs();
    prebidOutput(pb.win, { name: 'dcs.example', segtax: null })(['5001']);
    pb.run();
    pb.pbjs.getConfig = (path: string, fn?: () => void) => {
      if (fn) return undefined;
      throw new Error(`page-owned: ${path}`);
    };
    expect(() => pb.pbjs.setConfig({ ortb2: {} })).not.toThrow();
  });

  it("stopped (the relay destroyed): its waiting command applies nothing, and the page's setConfig is not answered with our entry", () => {
    const pb = fakePbjs();
    const out = prebidOutput(pb.win, { name: 'dcs.example', segtax: null });
    out(['5001']);
    pb.run();
    out(['5002']);
    out.stop();
    pb.run();
    pb.pbjs.setConfig({ ortb2: { site: { name: 'pub' } } });
    expect(pb.ortb2()).toEqual({ site: { name: 'pub' } });
    expect(pb.calls).toEqual(['mergeConfig', 'setConfig']);
  });

  // Soak (session m): 500 destroy-and-config cycles left 500 subscribers in Prebid, each
  // holding its relay's segments (1.3 KB a cycle): `stop` never ended the subscription.
  it('stopped: its subscription to ortb2 ends, so relays destroyed and made again leave nothing in Prebid', () => {
    const pb = fakePbjs();
    for (let i = 0; i < 5; i++) {
      const out = prebidOutput(pb.win, { name: 'dcs.example', segtax: null });
      out([`500${i}`]);
      pb.run();
      expect(pb.subscribers).toHaveLength(1);
      out.stop();
      expect(pb.subscribers).toHaveLength(0);
    }
  });
});

