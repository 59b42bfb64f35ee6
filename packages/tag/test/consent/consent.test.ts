import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findCmp } from '../../src/consent/cmp';
import { watchConsent, type ConsentOptions } from '../../src/consent/consent';
import type { Consent } from '../../src/types';

type Callback = (value: unknown, success: boolean) => void;
const options: ConsentOptions = { vendorId: 565, gpc: true, requireTcf: false };

/** A fake window: only what the consent readers touch. */
function fakeWindow(apis: Record<string, unknown> = {}, gpc?: boolean) {
  const listeners: Array<(event: MessageEvent) => void> = [];
  const win = {
    navigator: gpc === undefined ? {} : { globalPrivacyControl: gpc },
    frames: {} as Record<string, unknown>,
    parent: null as unknown,
    // A window's `window` is itself; `top` is the outermost (set by `framed()`).
    window: null as unknown,
    top: null as unknown,
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => void listeners.push(listener),
    postMessage: vi.fn(),
    ...apis,
  };
  win.parent = win.window = win.top = win;
  return { win, deliver: (data: unknown, source: unknown) => listeners.forEach((l) => l({ data, source } as MessageEvent)) };
}

/** A TCF CMP whose answers the test sends through `emit`. */
function tcfCmp() {
  const listeners: Callback[] = [];
  const api = vi.fn((command: string, version: number, callback: Callback) => {
    if (command === 'addEventListener' && version === 2) listeners.push(callback);
  });
  return { api, emit: (data: unknown, success = true) => listeners.forEach((l) => l(data, success)) };
}

const tcData = (eventStatus: string, purposes: number[], vendors: number[], extra: object = {}) => ({
  gdprApplies: true,
  eventStatus,
  tcString: 'CQ-TC',
  purpose: { consents: Object.fromEntries(purposes.map((p) => [p, true])) },
  vendor: { consents: Object.fromEntries(vendors.map((v) => [v, true])) },
  ...extra,
});

function watch(win: object, opts: ConsentOptions = options): Consent[] {
  const seen: Consent[] = [];
  watchConsent(win as Window, opts, (consent) => seen.push(consent));
  return seen;
}

describe('consent: no CMP', () => {
  it('is granted at once, with nothing to forward', () => {
    expect(watch(fakeWindow().win)).toEqual([{ state: 'granted', gdpr: null, tcString: null, gpp: null, gppSid: [], usPrivacy: null, restricted: false }]);
  });

  describe('when the config requires a TCF CMP', () => {
    // A CMP loaded after the tag (async, or by a tag manager) was never seen: with requireTcf
    // the page stayed refused even after the visitor accepted. It is now looked for again.
    beforeEach(() => void vi.useFakeTimers());
    afterEach(() => void vi.useRealTimers());

    it('waits for one (pending, not refused), and a CMP that appears 1.5 s later is asked and its grant counts', () => {
      const { win } = fakeWindow();
      const seen = watch(win, { ...options, requireTcf: true });
      expect(seen.at(-1)?.state).toBe('pending');
      vi.advanceTimersByTime(1400);
      expect(seen.at(-1)?.state).toBe('pending');
      const cmp = tcfCmp();
      (win as Record<string, unknown>).__tcfapi = cmp.api;
      vi.advanceTimersByTime(1000);
      expect(cmp.api).toHaveBeenCalledWith('addEventListener', 2, expect.any(Function), undefined);
      cmp.emit(tcData('useractioncomplete', [1, 10], [565]));
      expect(seen.at(-1)).toMatchObject({ state: 'granted', gdpr: 1, tcString: 'CQ-TC' });
    });

    it('is refused when no TCF CMP has appeared within 30 s, and looks no more', () => {
      const { win } = fakeWindow();
      const seen = watch(win, { ...options, requireTcf: true });
      vi.advanceTimersByTime(29_000);
      expect(seen.at(-1)?.state).toBe('pending');
      vi.advanceTimersByTime(2_000);
      expect(seen.at(-1)).toMatchObject({ state: 'denied', gdpr: null });
      expect(vi.getTimerCount()).toBe(0);
    });

    it('stops looking when the watch is stopped', () => {
      const seen: Consent[] = [];
      const { stop } = watchConsent(fakeWindow().win as unknown as Window, { ...options, requireTcf: true }, (c) => seen.push(c));
      expect(vi.getTimerCount()).toBe(1);
      stop();
      expect(vi.getTimerCount()).toBe(0);
    });

    it('a page whose __tcfapi getter throws while it is looked for: nothing reaches the page, and it keeps looking', () => {
      const { win } = fakeWindow();
      let calls = 0;
      Object.defineProperty(win, '__tcfapi', { configurable: true, get: () => (calls++ > 0 ? (() => { throw new Error('page getter'); })() : undefined) });
      const seen = watch(win, { ...options, requireTcf: true });
      expect(() => vi.advanceTimersByTime(400)).not.toThrow();
      // At start, then at 200 and 400 ms: it went on after the getter threw.
      expect(calls).toBe(3);
      expect(seen.at(-1)?.state).toBe('pending');
    });
  });
});

describe('consent: a CMP loaded after the tag, without requireTcf', () => {
  // The tag looked for the CMPs once, at start: one loaded later (async, or by a tag manager)
  // was never seen, so its refusal and its strings never counted on that page view.
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('a TCF CMP that appears 1 s later is asked, and its refusal withdraws the grant', () => {
    const { win } = fakeWindow();
    const seen = watch(win);
    expect(seen.at(-1)?.state).toBe('granted');
    const cmp = tcfCmp();
    (win as Record<string, unknown>).__tcfapi = cmp.api;
    vi.advanceTimersByTime(1000);
    expect(cmp.api).toHaveBeenCalledWith('addEventListener', 2, expect.any(Function), undefined);
    cmp.emit(tcData('useractioncomplete', [1], [565]));
    expect(seen.at(-1)).toMatchObject({ state: 'denied', gdpr: 1 });
  });

  it('a US Privacy CMP and a GPP CMP that appear later are asked, and their strings count', () => {
    const { win } = fakeWindow();
    const seen = watch(win);
    (win as Record<string, unknown>).__uspapi = (command: string, version: number, callback: Callback) => {
      if (command === 'getUSPData' && version === 1) callback({ version: 1, uspString: '1YYN' }, true);
    };
    vi.advanceTimersByTime(400);
    expect(seen.at(-1)).toMatchObject({ state: 'granted', usPrivacy: '1YYN', restricted: true });
    (win as Record<string, unknown>).__gpp = (command: string, callback: Callback) => {
      if (command === 'addEventListener') callback({ listenerId: 3, pingData: { signalStatus: 'ready', gppString: 'DBABMA~1YYN', applicableSections: [6] } }, true);
    };
    vi.advanceTimersByTime(400);
    expect(seen.at(-1)).toMatchObject({ state: 'granted', gpp: 'DBABMA~1YYN', gppSid: [6], usPrivacy: '1YYN' });
  });

  it('looks for 30 s, then no more, and not at all when every CMP is there at start', () => {
    const seen = watch(fakeWindow().win);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(30_000);
    expect(vi.getTimerCount()).toBe(0);
    // No TCF CMP was required: the page stays granted, as it started.
    expect(seen.map((c) => c.state)).toEqual(['granted']);
    const uspapi = (command: string, _version: number, callback: Callback) => command === 'getUSPData' && callback({ uspString: '1NNN' }, true);
    const all = fakeWindow({ __tcfapi: tcfCmp().api, __gpp: () => {}, __uspapi: uspapi }).win;
    watch(all);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('consent: TCF v2.2', () => {
  it('waits for the CMP, then grants with purposes 1 and 10 and our vendor, forwarding the TC string', () => {
    const cmp = tcfCmp();
    const seen = watch(fakeWindow({ __tcfapi: cmp.api }).win);
    expect(seen.at(-1)?.state).toBe('pending');
    cmp.emit(tcData('cmpuishown', [1, 10], [565]));
    expect(seen.at(-1)?.state).toBe('pending');
    cmp.emit(tcData('tcloaded', [1, 2, 10], [565]));
    expect(seen.at(-1)).toMatchObject({ state: 'granted', gdpr: 1, tcString: 'CQ-TC' });
  });

  it('denies without purpose 1, purpose 10 or our vendor, and when the CMP answers with an error', () => {
    for (const data of [tcData('tcloaded', [10], [565]), tcData('tcloaded', [1], [565]), tcData('useractioncomplete', [1, 10], [755])]) {
      const cmp = tcfCmp();
      const seen = watch(fakeWindow({ __tcfapi: cmp.api }).win);
      cmp.emit(data);
      expect(seen.at(-1)?.state).toBe('denied');
    }
    const cmp = tcfCmp();
    const seen = watch(fakeWindow({ __tcfapi: cmp.api }).win);
    cmp.emit(null, false);
    expect(seen.at(-1)?.state).toBe('denied');
  });

  it('follows a changed choice: granted, then withdrawn', () => {
    const cmp = tcfCmp();
    const seen = watch(fakeWindow({ __tcfapi: cmp.api }).win);
    cmp.emit(tcData('tcloaded', [1, 10], [565]));
    cmp.emit(tcData('useractioncomplete', [], []));
    expect(seen.map((c) => c.state)).toEqual(['pending', 'granted', 'denied']);
  });

  it('grants with gdpr=0 when GDPR does not apply', () => {
    const cmp = tcfCmp();
    const seen = watch(fakeWindow({ __tcfapi: cmp.api }).win);
    cmp.emit({ gdprApplies: false, eventStatus: 'tcloaded' });
    expect(seen.at(-1)).toMatchObject({ state: 'granted', gdpr: 0, tcString: null });
  });

  // attack7: a publisher's restrictions (tcData.publisher.restrictions, by purpose then vendor:
  // 0 not allowed, 1 require consent, 2 require legitimate interest) bind the vendor whatever
  // the visitor's consent bits say; the tag ignored them.
  it.each([
    ['purpose 1 not allowed (0)', { 1: { 565: 0 } }, 'denied'],
    ['purpose 10 not allowed (0)', { 10: { 565: 0 } }, 'denied'],
    ['purpose 10 on legitimate interest only (2): no consent basis', { 10: { 565: 2 } }, 'denied'],
    ['purpose 1 requires consent (1), which the visitor gave', { 1: { 565: 1 } }, 'granted'],
    ['another vendor restricted', { 1: { 999: 0 }, 10: { 12: 0 } }, 'granted'],
    ['a restriction on a purpose we do not use', { 3: { 565: 0 } }, 'granted'],
  ])('the publisher restriction %s: %s', (_what, restrictions, state) => {
    const cmp = tcfCmp();
    const seen = watch(fakeWindow({ __tcfapi: cmp.api }).win);
    cmp.emit(tcData('tcloaded', [1, 10], [565], { publisher: { restrictions } }));
    expect(seen.at(-1)?.state).toBe(state);
  });

  it('does not count a restriction the page added to Object.prototype, nor read one through it', () => {
    const cmp = tcfCmp();
    const seen = watch(fakeWindow({ __tcfapi: cmp.api }).win);
    cmp.emit(tcData('tcloaded', [1, 10], [565], { publisher: { restrictions: Object.create({ 1: { 565: 0 } }) } }));
    expect(seen.at(-1)?.state).toBe('granted');
  });

  it('does not count consents the page added to Object.prototype', () => {
    const cmp = tcfCmp();
    const seen = watch(fakeWindow({ __tcfapi: cmp.api }).win);
    cmp.emit({ ...tcData('tcloaded', [], []), purpose: { consents: Object.create({ 1: true, 10: true }) }, vendor: { consents: Object.create({ 565: true }) } });
    expect(seen.at(-1)?.state).toBe('denied');
  });

  it('a CMP that throws leaves consent pending and nothing thrown', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const win = fakeWindow({
      __tcfapi: () => {
        throw new Error('cmp broken');
      },
    }).win;
    expect(watch(win).at(-1)?.state).toBe('pending');
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});

describe('consent: GPP, US Privacy, Global Privacy Control', () => {
  it('GPP: waits for signalStatus ready, then forwards the string and the applicable sections', () => {
    const listeners: Callback[] = [];
    const seen = watch(fakeWindow({ __gpp: (command: string, callback: Callback) => command === 'addEventListener' && listeners.push(callback) }).win);
    listeners[0]!({ eventName: 'listenerRegistered', pingData: { signalStatus: 'not ready', gppString: '' } }, true);
    expect(seen.at(-1)?.state).toBe('pending');
    listeners[0]!({ eventName: 'signalStatus', pingData: { signalStatus: 'ready', gppString: 'DBABLA~BVQqAAAAAgA.QA', applicableSections: [7, -1] } }, true);
    expect(seen.at(-1)).toMatchObject({ state: 'granted', gpp: 'DBABLA~BVQqAAAAAgA.QA', gppSid: [7] });
  });

  it('US Privacy: forwards the string; an opt-out of sale restricts', () => {
    const usp = (uspString: unknown) => ({ __uspapi: (_c: string, _v: number, callback: Callback) => callback({ version: 1, uspString }, true) });
    expect(watch(fakeWindow(usp('1YNN')).win).at(-1)).toMatchObject({ state: 'granted', usPrivacy: '1YNN', restricted: false });
    expect(watch(fakeWindow(usp('1yyn')).win).at(-1)).toMatchObject({ usPrivacy: '1YYN', restricted: true });
    expect(watch(fakeWindow(usp('nonsense')).win).at(-1)).toMatchObject({ state: 'granted', usPrivacy: null });
  });

  it('GPC restricts by default, and not when the config says to ignore it', () => {
    expect(watch(fakeWindow({}, true).win).at(-1)).toMatchObject({ state: 'granted', restricted: true });
    expect(watch(fakeWindow({}, true).win, { ...options, gpc: false }).at(-1)?.restricted).toBe(false);
    expect(watch(fakeWindow({}, false).win).at(-1)?.restricted).toBe(false);
  });
});

describe('CMP locator frames (a framed page)', () => {
  function framed() {
    const top = fakeWindow();
    // A frame's window: its `window` is itself.
    const locator: { window?: unknown } = {};
    locator.window = locator;
    top.win.frames['__tcfapiLocator'] = locator;
    const page = fakeWindow();
    page.win.parent = page.win.top = top.win;
    return { top, page };
  }

  it('finds the ancestor with the locator frame and talks to it by postMessage, answers matched by call ID and source', () => {
    const { top, page } = framed();
    const seen = watch(page.win);
    expect(seen.at(-1)?.state).toBe('pending');
    const [message, target] = top.win.postMessage.mock.calls[0]!;
    expect(target).toBe('*');
    const call = (message as { __tcfapiCall: { command: string; version: number; callId: string } }).__tcfapiCall;
    expect(call).toMatchObject({ command: 'addEventListener', version: 2 });

    const answer = { __tcfapiReturn: { returnValue: tcData('tcloaded', [1, 10], [565]), success: true, callId: call.callId } };
    // From another frame: ignored. From another call ID: ignored.
    page.deliver(answer, {});
    page.deliver({ __tcfapiReturn: { ...answer.__tcfapiReturn, callId: 'other' } }, top.win);
    expect(seen.at(-1)?.state).toBe('pending');
    // Older CMPs answer in JSON text.
    page.deliver(JSON.stringify(answer), top.win);
    expect(seen.at(-1)).toMatchObject({ state: 'granted', gdpr: 1, tcString: 'CQ-TC' });
  });

  // getUSPData is asked before every event call; through a locator frame, each call's callback
  // stayed in the locator's map for good (a long session: one per event call). A one-shot
  // command's callback now runs once and is forgotten; a listener's answers every time.
  it("a one-shot command's callback runs once and is then forgotten; a listener's keeps answering", () => {
    const top = fakeWindow();
    const locator: { window?: unknown } = {};
    locator.window = locator;
    top.win.frames['__uspapiLocator'] = locator;
    top.win.frames['__tcfapiLocator'] = locator;
    const page = fakeWindow();
    page.win.parent = page.win.top = top.win;
    const usp = findCmp(page.win as unknown as Window, '__uspapi')!;
    const answers: unknown[] = [];
    usp('getUSPData', (value) => answers.push(value));
    const { callId } = (top.win.postMessage.mock.calls.at(-1)![0] as { __uspapiCall: { callId: string } }).__uspapiCall;
    const reply = { __uspapiReturn: { returnValue: { uspString: '1YNN' }, success: true, callId } };
    page.deliver(reply, top.win);
    page.deliver(reply, top.win);
    expect(answers).toEqual([{ uspString: '1YNN' }]);
    const tcf = findCmp(page.win as unknown as Window, '__tcfapi')!;
    const events: unknown[] = [];
    tcf('addEventListener', (value) => events.push(value));
    const listener = (top.win.postMessage.mock.calls.at(-1)![0] as { __tcfapiCall: { callId: string } }).__tcfapiCall.callId;
    page.deliver({ __tcfapiReturn: { returnValue: 'a', success: true, callId: listener } }, top.win);
    page.deliver({ __tcfapiReturn: { returnValue: 'b', success: true, callId: listener } }, top.win);
    expect(events).toEqual(['a', 'b']);
    // A CMP that never answers (a stub whose CMP never came): the last 20 wait, no more.
    const late: number[] = [];
    const ids = Array.from({ length: 25 }, (_, i) => {
      usp('getUSPData', () => late.push(i));
      return (top.win.postMessage.mock.calls.at(-1)![0] as { __uspapiCall: { callId: string } }).__uspapiCall.callId;
    });
    for (const id of ids) page.deliver({ __uspapiReturn: { returnValue: {}, success: true, callId: id } }, top.win);
    expect(late).toEqual(Array.from({ length: 20 }, (_, i) => i + 5));
  });

  it("an element named like a locator (<div id=__tcfapiLocator>, a same-origin window's named property) is no CMP: consent is granted at once", () => {
    const page = fakeWindow();
    page.win.frames['__tcfapiLocator'] = { tagName: 'DIV' };
    page.win.frames['__gppLocator'] = { tagName: 'IMG' };
    expect(findCmp(page.win as unknown as Window, '__tcfapi')).toBeNull();
    expect(watch(page.win).at(-1)?.state).toBe('granted');
  });

  // Outside review: `var parent = …` in a page script replaces window.parent for every script
  // of the page; the walk threw from config. `top` no page can replace.
  it('goes to top when parent is not a window (var parent = null / an object) or leads round in a circle', () => {
    for (const parent of [null, { id: 'the article' }]) {
      const { top, page } = framed();
      page.win.parent = parent;
      watch(page.win);
      expect(top.win.postMessage).toHaveBeenCalled();
    }
    const { top, page } = framed();
    const a = fakeWindow().win;
    const b = fakeWindow().win;
    a.parent = b;
    b.parent = a;
    page.win.parent = a;
    watch(page.win);
    expect(top.win.postMessage).toHaveBeenCalled();
  });

  it('finds nothing when no ancestor has a locator, and survives an ancestor that cannot be read', () => {
    const page = fakeWindow();
    const sealed: Record<string, unknown> = { get frames(): never { throw new DOMException('cross-origin', 'SecurityError'); } };
    Object.defineProperty(sealed, 'parent', { value: sealed });
    sealed.window = sealed;
    page.win.parent = page.win.top = sealed;
    expect(findCmp(page.win as unknown as Window, '__tcfapi')).toBeNull();
  });
});
