import { describe, expect, it, vi } from 'vitest';
import { encodeBootCall, type EventParams, type EventResult } from '@audience-relay/protocol';
import { createRequestHandler, startBootCall } from '../src/index';

const PAGE = 'https://publisher.example';
const allowed = new Set([PAGE]);
const params: EventParams = { signals: { c_section: ['sports'] }, traits: [], uuid: null, coppa: false, ids: [], url: 'https://publisher.example/a', privacy: { gdpr: null, tcString: null, gpp: null, gppSid: [], usPrivacy: null, restricted: false } };
const result = (segments: string[]): EventResult => ({ uuid: null, segments, traits: [], cookies: [], identity: { source: 'new', partitioned: true } });

describe('boot call (the first event call, from the frame URL)', () => {
  it('starts at once for an allowed embedding page and a valid fragment; the boot request gets its answer, once', async () => {
    const handleEvent = vi.fn(async (p: EventParams) => result(Object.keys(p.signals)));
    const boot = startBootCall(`#${encodeBootCall(params)}`, [PAGE], allowed, handleEvent);
    expect(handleEvent).toHaveBeenCalledTimes(1);
    const answer = createRequestHandler({ handleEvent, optOut: vi.fn(), boot });
    await expect(answer(structuredClone(params), 'boot')).resolves.toEqual(result(['c_section']));
    expect(handleEvent).toHaveBeenCalledTimes(1);
    // Asked again (say, after a reconnect): a call of its own.
    await answer(structuredClone(params), 'boot');
    expect(handleEvent).toHaveBeenCalledTimes(2);
  });

  // Outside review: markup injected into an allowed page (an <iframe> of the frame with a crafted
  // fragment, no script) made the boot call with d_cid=21%01attacker-crm and d_sid=1004.
  it('carries no declared IDs or trait IDs: the tag sends such a first call on the port, and the frame refuses such a fragment', () => {
    const handleEvent = vi.fn(async () => result([]));
    const withIds: EventParams = { ...params, ids: [{ source: 21, id: 'crm-1', authState: null }] };
    const withTraits: EventParams = { ...params, traits: [1004] };
    expect(encodeBootCall(withIds)).toBeNull();
    expect(encodeBootCall(withTraits)).toBeNull();
    for (const crafted of [withIds, withTraits]) {
      expect(startBootCall(`#${encodeURIComponent(JSON.stringify(crafted))};x1`, [PAGE], allowed, handleEvent)).toBeNull();
    }
    expect(handleEvent).not.toHaveBeenCalled();
    expect(startBootCall(`#${encodeBootCall(params)}`, [PAGE], allowed, handleEvent)).not.toBeNull();
  });

  // Outside review: the fragment stays in the page (the <iframe src> a session recorder
  // serializes, the Resource Timing entry a RUM script sends away).
  it('carries no private (p_) signal and no device-ID copy: such a first call takes the port', () => {
    const handleEvent = vi.fn(async () => result([]));
    const withPrivate: EventParams = { ...params, signals: { ...params.signals, p_income: ['7'] } };
    const withDeviceId: EventParams = { ...params, uuid: '1'.repeat(38) };
    for (const crafted of [withPrivate, withDeviceId]) {
      expect(encodeBootCall(crafted)).toBeNull();
      expect(startBootCall(`#${encodeURIComponent(JSON.stringify(crafted))};x1`, [PAGE], allowed, handleEvent)).toBeNull();
    }
    expect(handleEvent).not.toHaveBeenCalled();
  });

  it("fires the boot answer's ID syncs and destinations only once the tag claims it", async () => {
    let claimed: Promise<EventParams> | undefined;
    const handleEvent = vi.fn(async (_p: EventParams, c?: Promise<EventParams>) => ((claimed = c), result([])));
    const boot = startBootCall(`#${encodeBootCall(params)}`, [PAGE], allowed, handleEvent);
    const settled = vi.fn();
    void claimed!.then(settled);
    await Promise.resolve();
    expect(settled).not.toHaveBeenCalled();
    await createRequestHandler({ handleEvent: (p) => handleEvent(p), optOut: vi.fn(), boot })(structuredClone(params), 'boot');
    await Promise.resolve();
    expect(settled).toHaveBeenCalledTimes(1);
  });

  it('makes no early call for another embedding page, an unknown one, or a malformed fragment', () => {
    const handleEvent = vi.fn(async () => result([]));
    const fragment = `#${encodeBootCall(params)}`;
    expect(startBootCall(fragment, ['https://evil.example'], allowed, handleEvent)).toBeNull();
    // An allowed page framed by another site (no frame-ancestors header): every ancestor counts.
    expect(startBootCall(fragment, [PAGE, 'https://evil.example'], allowed, handleEvent)).toBeNull();
    expect(startBootCall(fragment, [], allowed, handleEvent)).toBeNull();
    expect(startBootCall(fragment, undefined, allowed, handleEvent)).toBeNull();
    for (const bad of ['', '#', '#%7B', `#${encodeURIComponent(JSON.stringify({ ...params, traits: ['x'] }))}`, `#${'a'.repeat(5000)}`]) {
      expect(startBootCall(bad, [PAGE], allowed, handleEvent)).toBeNull();
    }
    expect(handleEvent).not.toHaveBeenCalled();
  });

  it('a boot request whose params differ from the boot call is made as a call of its own; event and optOut go their way', async () => {
    const handleEvent = vi.fn(async () => result(['1']));
    const optOut = vi.fn(async () => result([]));
    const boot = startBootCall(`#${encodeBootCall(params)}`, [PAGE], allowed, handleEvent);
    const answer = createRequestHandler({ handleEvent, optOut, boot });
    await answer({ ...params, signals: { c_other: ['x'] } }, 'boot');
    expect(handleEvent).toHaveBeenCalledTimes(2);
    await answer(params, 'event');
    await answer(params, 'optOut');
    expect(handleEvent).toHaveBeenCalledTimes(3);
    expect(optOut).toHaveBeenCalledTimes(1);
    // Without a boot call at all (a browser without location.ancestorOrigins), boot is a plain call.
    const plain = createRequestHandler({ handleEvent, optOut, boot: null });
    await plain(params, 'boot');
    expect(handleEvent).toHaveBeenCalledTimes(4);
  });

  it('a failing boot call never asked for does not surface as an unhandled rejection', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      startBootCall(`#${encodeBootCall(params)}`, [PAGE], allowed, async () => Promise.reject(new Error('DCS down')));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it("is made once per boot id: a frame reloaded from the same fragment (its element moved) makes no second call, and the tag's boot request is then a call of its own", async () => {
    const handleEvent = vi.fn(async (p: EventParams) => result(Object.keys(p.signals)));
    const seen = new Set<string>();
    const firstTime = (fragment: string): boolean => !seen.has(fragment) && !!seen.add(fragment);
    const fragment = `#${encodeBootCall(params, 'page-1')}`;
    expect(fragment.endsWith(';page-1')).toBe(true);
    expect(startBootCall(fragment, [PAGE], allowed, handleEvent, firstTime)).not.toBeNull();
    // The reloaded frame: the same fragment, no early call.
    const again = startBootCall(fragment, [PAGE], allowed, handleEvent, firstTime);
    expect(again).toBeNull();
    expect(handleEvent).toHaveBeenCalledTimes(1);
    // The tag's boot request on the new connection still gets an answer, from a call made now.
    await expect(createRequestHandler({ handleEvent, optOut: vi.fn(), boot: again })(structuredClone(params), 'boot')).resolves.toEqual(result(['c_section']));
    expect(handleEvent).toHaveBeenCalledTimes(2);
    // Another page (a new id, same params: the visitor reloaded the page) makes its boot call.
    expect(startBootCall(`#${encodeBootCall(params, 'page-2')}`, [PAGE], allowed, handleEvent, firstTime)).not.toBeNull();
    expect(handleEvent).toHaveBeenCalledTimes(3);
    expect(handleEvent.mock.calls[2]?.[0]).toEqual(params);
  });

  it('the encoder refuses a call too long for a URL', () => {
    expect(encodeBootCall({ ...params, signals: { c_long: ['x'.repeat(5000)] } })).toBeNull();
  });
});
