import { describe, expect, it } from 'vitest';
import { diagnoseLive, explainBlocked } from '../../src/debug/diagnose';
import { probeFrame, type FrameProbe, type ProbeWindow } from '../../src/debug/probe-frame';
import { blockedSnapshot } from './blocked-snapshot';

const PAGE = 'https://www.publisher.example';
const FRAME = 'https://acme.dcs.example/frame.html';


const frameHtml = (partner: string, origins: string) =>
  `<!doctype html><meta name="audience-relay:partner" content="${partner}"><meta name="audience-relay:allowed-origins" content="${origins}">`;

/** A window whose fetch answers as `answer` says, and whose browser reported `reports`. */
function fakeWindow(answer: (init: RequestInit) => Promise<Response>, reports: Array<{ effectiveDirective: string; blockedURL: string }> = []): ProbeWindow & { location: { origin: string }; calls: RequestInit[] } {
  const calls: RequestInit[] = [];
  class FakeObserver {
    observe(): void {}
    disconnect(): void {}
    takeRecords() {
      return reports.map((body) => ({ type: 'csp-violation', url: PAGE, body }));
    }
  }
  return {
    calls,
    location: { origin: PAGE },
    setTimeout,
    ReportingObserver: FakeObserver as unknown as typeof ReportingObserver,
    fetch: ((_url: string, init: RequestInit) => (calls.push(init), answer(init))) as typeof fetch,
  };
}

const served = (status: number, body: string, headers: Record<string, string> = {}) => () => Promise.resolve(new Response(body, { status, headers }));

describe('probeFrame', () => {
  it('reads the partner and allowed origins the frame declares, without cookies', async () => {
    const win = fakeWindow(served(200, frameHtml('acme', 'https://a.example https://b.example')));
    expect(await probeFrame(FRAME, win)).toEqual({
      cspBlocked: false,
      frame: { kind: 'served', status: 200, partner: 'acme', allowedOrigins: ['https://a.example', 'https://b.example'] },
    });
    expect(win.calls[0]).toMatchObject({ mode: 'cors' });
    expect(win.calls[0]?.credentials).toBeUndefined();
  });

  it('reads a CSP report for the frame URL', async () => {
    const win = fakeWindow(served(200, frameHtml('acme', 'https://a.example')), [{ effectiveDirective: 'frame-src', blockedURL: FRAME }]);
    expect(await probeFrame(FRAME, win)).toEqual({ cspBlocked: true, frame: { kind: 'served', status: 200, partner: 'acme', allowedOrigins: ['https://a.example'] } });
  });

  it('tells a frame it may not read (CORS) from one it cannot reach at all', async () => {
    const corsOnly = fakeWindow((init) => (init.mode === 'cors' ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve(new Response(null))));
    expect((await probeFrame(FRAME, corsOnly)).frame).toEqual({ kind: 'unreadable' });
    const down = fakeWindow(() => Promise.reject(new TypeError('Failed to fetch')));
    expect((await probeFrame(FRAME, down)).frame).toEqual({ kind: 'unreachable' });
  });

  it("tells a read the page's connect-src refused from a frame it cannot reach", async () => {
    const refused = fakeWindow(() => Promise.reject(new TypeError('Failed to fetch')), [{ effectiveDirective: 'connect-src', blockedURL: FRAME }]);
    expect(await probeFrame(FRAME, refused)).toEqual({ cspBlocked: false, frame: { kind: 'csp-refused' } });
  });
});

describe('explainBlocked', () => {
  const probe = (frame: FrameProbe['frame'], cspBlocked = false): FrameProbe => ({ cspBlocked, frame });
  const ok = { kind: 'served' as const, status: 200, partner: 'acme', allowedOrigins: [PAGE] };

  it("says the page's connect-src kept it from reading the frame, not that the DCS is down", () => {
    const reason = explainBlocked(blockedSnapshot(), probe({ kind: 'csp-refused' }), PAGE);
    expect(reason.code).toBe('csp-connect-src');
    expect(reason.message).toContain('add https://acme.dcs.example to connect-src');
    expect(reason.message).not.toContain('down');
  });

  it('names the page origin and the option when the DCS does not allow it', () => {
    const reason = explainBlocked(blockedSnapshot(), probe({ ...ok, allowedOrigins: ['https://other.example'] }), PAGE);
    expect(reason.code).toBe('origin-not-allowed');
    expect(reason.message).toContain(`This page's origin ${PAGE} is not among the DCS's allowed origins`);
    expect(reason.message).toContain('https://other.example');
    expect(reason.message).toContain('partners.acme.allowedOrigins');
  });

  it("says where to allow the origin: the DCS's partner config for a frame it serves, the frame CLI's --allow for one served apart (mock-dcs has no --allow; trial15)", () => {
    const served = explainBlocked(blockedSnapshot(), probe({ ...ok, allowedOrigins: ['https://other.example'] }), PAGE);
    expect(served.message).toMatch(/: add it to partners\.acme\.allowedOrigins \(mock-dcs\)\.$/);
    expect(served.message).not.toContain('--allow');
    const apart = { ...blockedSnapshot(), frameUrl: 'https://cdn.example/acme/frame.html' };
    const built = explainBlocked(apart, probe({ ...ok, allowedOrigins: ['https://other.example'] }), PAGE);
    expect(built.message).toContain('rebuild the frame with npx audience-relay-frame build --allow');
    expect(built.message).not.toContain('partners.acme');
    const framed = explainBlocked(apart, probe(ok), PAGE, ['https://aggregator.example', PAGE]);
    expect(framed.message).toContain('npx audience-relay-frame build --allow');
  });

  it('names the outer site of a framed page that the frame-ancestors check refuses (trial6)', () => {
    const reason = explainBlocked(blockedSnapshot(), probe(ok), PAGE, ['https://aggregator.example', PAGE]);
    expect(reason).toMatchObject({ code: 'ancestor-not-allowed', message: expect.stringContaining('inside an iframe of https://aggregator.example,') });
    // Every ancestor allowed: the frame allowed this framing, so that is not why.
    expect(explainBlocked(blockedSnapshot(), probe({ ...ok, allowedOrigins: [PAGE, 'https://aggregator.example'] }), PAGE, ['https://aggregator.example']).code).toBe('blocked');
  });

  it('tells each other cause apart: CSP, not served, another partner, unreachable, and says what to check otherwise', () => {
    expect(explainBlocked(blockedSnapshot(), probe(ok, true), PAGE)).toMatchObject({ code: 'csp-frame-src', message: expect.stringContaining('frame-src') });
    expect(explainBlocked(blockedSnapshot(), probe({ ...ok, status: 404 }), PAGE)).toMatchObject({ code: 'frame-not-served', message: expect.stringContaining('HTTP 404') });
    expect(explainBlocked(blockedSnapshot(), probe({ ...ok, partner: 'beta' }), PAGE)).toMatchObject({ code: 'wrong-partner', message: expect.stringContaining('"beta"') });
    // The package's template, served as it was published: built for no partner.
    expect(explainBlocked(blockedSnapshot(), probe({ ...ok, partner: '', allowedOrigins: [] }), PAGE)).toMatchObject({ code: 'frame-unbuilt', message: expect.stringContaining('npx audience-relay-frame build') });
    expect(explainBlocked(blockedSnapshot(), probe({ kind: 'unreachable' }), PAGE)).toMatchObject({ code: 'frame-unreachable' });
    expect(explainBlocked(blockedSnapshot(), probe({ ...ok, partner: null, allowedOrigins: null }), PAGE)).toMatchObject({ code: 'frame-not-served' });
    expect(explainBlocked(blockedSnapshot(), probe(ok), PAGE)).toMatchObject({ code: 'blocked', message: expect.stringContaining('ad blocker') });
    const unknown = explainBlocked(blockedSnapshot(), probe({ kind: 'unreadable' }), PAGE);
    expect(unknown.code).toBe('blocked');
    expect(unknown.message).toContain(`Check: ${PAGE} in the partner's allowedOrigins`);
  });
});

describe('diagnoseLive', () => {
  it('puts the probed cause first when the frame never connected', async () => {
    const win = fakeWindow(served(200, frameHtml('acme', 'https://other.example')));
    const diagnosis = await diagnoseLive(blockedSnapshot(), win);
    expect(diagnosis.ok).toBe(false);
    expect(diagnosis.reasons[0]?.code).toBe('origin-not-allowed');
    expect(diagnosis.summary).toBe(diagnosis.reasons[0]?.message);
  });

  it('does not probe when the frame connected', async () => {
    const win = fakeWindow(() => Promise.reject(new Error('must not fetch')));
    await diagnoseLive({ ...blockedSnapshot(), frame: 'connected', failure: null }, win);
    expect(win.calls).toEqual([]);
  });
});
