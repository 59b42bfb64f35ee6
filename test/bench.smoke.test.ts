// `npm run bench` must keep working on a fresh clone (issue 8): this runs the real script once
// over, with each count at 1 and one second of load, and checks that every figure is there
// and says what it should. The figures themselves are the bench's to print, not a test's to
// judge: only outcomes that hold on any machine, under any load, are asserted. npm test builds first.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

interface Report {
  sizes: Record<string, { raw: number; gzip: number; budget: number; target: number }>;
  timeToFreshSegments: {
    tagMedianMs: number;
    baselineMedianMs: number;
    ratio: number;
    frameBaselineMedianMs: number;
    ratioToFrameBaseline: number;
    tagSegments: string[];
    frameBaselineSegments: string[];
    frontHopMs: number;
  };
  hostMainThread: {
    tagScriptMedianMs: number;
    frameBaselineScriptMedianMs: number;
    baselineScriptMedianMs: number;
    tagMinusFrameBaselineMs: number;
    tagScriptCpuMedianMs: number;
    frameBaselineScriptCpuMedianMs: number;
    tagMinusFrameBaselineCpuMs: number;
    longTasks: Record<'tag' | 'frameBaseline' | 'baseline', number>;
  };
  budgets: {
    timeToFreshSegments: { ratio: number; limit: number; pass: boolean };
    mainThreadScript: { tagMinusBaselineMs: number; limitMs: number; pass: boolean };
    longTasks: { count: number; limit: number; pass: boolean };
  };
  tagMainThread: { medianMs: number; longTasks: number; browserCalls: Record<string, { medianMs: number; calls: number }> };
  repeatVisitGptTargeting: { visits: number; firstAdRequestMedianMs: number; withCachedTargeting: number };
  wireBytes: Record<'tag' | 'outputs' | 'frame', { wire: number; decoded: number } | null>;
  mockDcs: { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number; non2xx: number };
  spaSoak: { routes: number; pageViewsAtDcs: number; inOrder: boolean; droppedByTag: number | null; iframes: number; pageErrors: number; heapGrowthKB: number };
}

describe('npm run bench', () => {
  it('runs end to end and reports every figure', { timeout: 180_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-smoke-')), 'results.json');
    const env = { ...process.env, BENCH_LOADS: '1', BENCH_TRACED: '1', BENCH_REPEAT: '1', BENCH_SECONDS: '1', BENCH_SOAK_SECONDS: '2', BENCH_SPA_ROUTES: '20', BENCH_OUT: out };
    const { stdout } = await promisify(execFile)(process.execPath, ['bench/run.mjs'], { env, maxBuffer: 10 * 1024 * 1024 });
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    // What it wrote is what it printed.
    expect(JSON.parse(stdout.slice(stdout.indexOf('{')))).toEqual(report);

    for (const [name, size] of Object.entries(report.sizes)) {
      expect(size.gzip, name).toBeGreaterThan(0);
      expect(size.gzip, name).toBeLessThan(size.raw);
    }
    // Both pages reached fresh segments (the bench throws otherwise), in a measured time.
    expect(report.timeToFreshSegments.tagMedianMs).toBeGreaterThan(0);
    expect(report.timeToFreshSegments.ratio).toBeCloseTo(report.timeToFreshSegments.tagMedianMs / report.timeToFreshSegments.baselineMedianMs, 1);
    // The minimal-iframe baseline (issue 18) measured a real round trip: its frame got the DCS's
    // answer, the segments ours got for the same signals, not an error page; in a measured time.
    const times = report.timeToFreshSegments;
    expect(times.frameBaselineSegments.length).toBeGreaterThan(0);
    expect(times.frameBaselineSegments).toEqual(times.tagSegments);
    expect(times.frameBaselineMedianMs).toBeGreaterThan(0);
    expect(times.ratioToFrameBaseline).toBeCloseTo(times.tagMedianMs / times.frameBaselineMedianMs, 1);
    expect(Number.isFinite(times.frontHopMs)).toBe(true);
    // Both host pages ran script on their main thread (ours the tag, the baseline its iframe
    // insertion), and the long tasks were counted.
    const host = report.hostMainThread;
    expect(host.tagScriptMedianMs).toBeGreaterThan(0);
    expect(host.frameBaselineScriptMedianMs).toBeGreaterThan(0);
    expect(host.baselineScriptMedianMs).toBeGreaterThan(0);
    expect(host.tagMinusFrameBaselineMs).toBeCloseTo(host.tagScriptMedianMs - host.frameBaselineScriptMedianMs, 1);
    expect(host.tagScriptCpuMedianMs).toBeGreaterThan(0);
    expect(host.frameBaselineScriptCpuMedianMs).toBeGreaterThan(0);
    expect(host.tagMinusFrameBaselineCpuMs).toBeCloseTo(host.tagScriptCpuMedianMs - host.frameBaselineScriptCpuMedianMs, 1);
    for (const count of Object.values(host.longTasks)) expect(Number.isInteger(count) && count >= 0).toBe(true);
    // Each budget says pass or fail, and says it of its figure.
    const { budgets } = report;
    expect(budgets.timeToFreshSegments).toMatchObject({ ratio: times.ratioToFrameBaseline, limit: 1.15, pass: times.ratioToFrameBaseline <= 1.15 });
    expect(budgets.mainThreadScript).toMatchObject({ tagMinusBaselineMs: host.tagMinusFrameBaselineMs, limitMs: 5, pass: host.tagMinusFrameBaselineMs <= 5 });
    expect(budgets.longTasks).toMatchObject({ count: host.longTasks.tag, limit: 0, pass: host.longTasks.tag === 0 });
    // The tag ran on the page's main thread, and read the cookies it needs.
    expect(report.tagMainThread.medianMs).toBeGreaterThan(0);
    expect(report.tagMainThread.browserCalls['document.cookie']?.calls).toBeGreaterThan(0);
    expect(report.tagMainThread.browserCalls['insert nodes']?.calls).toBeGreaterThan(0);
    // The repeat visit's first ad request was recorded and counted. (Whether it carried the
    // cached targeting is the ad-stack e2e's to assert; here other test files share the CPU.)
    expect(report.repeatVisitGptTargeting.visits).toBe(1);
    expect(report.repeatVisitGptTargeting.firstAdRequestMedianMs).toBeGreaterThan(0);
    expect([0, 1]).toContain(report.repeatVisitGptTargeting.withCachedTargeting);
    // mock-dcs sent the files compressed, and the whole body arrived.
    for (const file of ['tag', 'frame'] as const) {
      const bytes = report.wireBytes[file];
      expect(bytes, file).not.toBeNull();
      expect(bytes!.wire, file).toBeGreaterThan(0);
      expect(bytes!.wire, file).toBeLessThan(bytes!.decoded / 2);
    }
    expect(report.wireBytes.tag!.decoded).toBe(report.sizes.tag!.raw);
    // The load run answered every call.
    expect(report.mockDcs.requestsPerSecond).toBeGreaterThan(0);
    expect(report.mockDcs).toMatchObject({ errors: 0, non2xx: 0 });
    // The SPA soak: each of the 20 route changes reached the DCS as its own page view, in order,
    // none lost, through one iframe, with no page error (issue 21).
    expect(report.spaSoak).toMatchObject({ routes: 20, pageViewsAtDcs: 20, inOrder: true, iframes: 1, pageErrors: 0 });
    expect([0, null]).toContain(report.spaSoak.droppedByTag);
  });

  it('bench:timeline times one cold load step by step, in both documents', { timeout: 120_000 }, async () => {
    const env = { ...process.env, TIMELINE_LOADS: '1' };
    const { stdout } = await promisify(execFile)(process.execPath, ['bench/timeline.mjs'], { env, maxBuffer: 1024 * 1024 });
    const at = new Map(
      stdout
        .split('\n')
        .map((line) => /^\s*(-?[\d.]+)\s{2}(.+)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[2]!, Number(m[1])]),
    );
    // Steps that cause one another come in that order; each document on its own clock is exact,
    // and the two documents' clocks are compared only across the frame's load (tens of ms).
    const order = (...steps: string[]): void => {
      const times = steps.map((step) => at.get(step));
      expect(times.every((t) => t !== undefined), `${steps.join(', ')} in\n${stdout}`).toBe(true);
      expect([...times].sort((a, b) => a! - b!)).toEqual(times);
    };
    order('page: /audience-relay.js requested', 'page: /audience-relay.js received', 'page: /frame.html requested', 'page: /frame.html received', 'frame: document starts');
    order('frame: document starts', 'frame: fetch >', 'frame: fetch: headers', 'frame: fetch: body parsed', 'frame: port sends response');
    order('frame: message connect', 'frame: port sends connected', 'frame: port receives request', 'frame: port sends response');
    // The frame's synchronous browser calls are timed.
    order('frame: document.cookie >', 'frame: document.cookie <');
    order('page: message hello', 'page: port sends request boot', 'page: port receives connected', 'page: port receives response', 'page: ready resolves fresh');
  });
});
