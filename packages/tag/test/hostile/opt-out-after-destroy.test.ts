// attack6: a new member of attack5's "opt-out never sent" class. optOut() on a relay the page
// destroyed (an SPA that tears the relay down on unmount while the global stays; a privacy
// centre route that then calls audienceRelay('optOut')) RESOLVES as if done: relay.ts writes
// the first-party marker and clears storage, but the destroyed relay sends nothing (its
// connection is stopped and `ce()`/optOut's idle path settles at once because the relay is
// destroyed). The marker then keeps every later page of this browser from calling the DCS, so
// the DCS is never told: its profile and device cookie stay live for every other site. The page
// was told "done". Correct outcomes: the opt-out reaches the DCS (mount a frame for it, or a
// keepalive beacon), or the call rejects DESTROYED so the page knows to do it otherwise.
// Severity low-medium (privacy: an explicit opt-out silently not delivered, on a path a page
// reaches by accident).
// lead: fix in packages/tag/src/relay.ts (optOut after destroy: send it, or reject DESTROYED
// without writing the marker)
import { describe, expect, it, vi } from 'vitest';
import type { Caller, EventParams, EventResult } from '@audience-relay/protocol';
import { createRelay } from '../../src/relay';
import type { BridgeConnector } from '../../src/services';
import type { Consent } from '../../src/types';

const NO_PRIVACY = { gdpr: null, tcString: null, gpp: null, gppSid: [], usPrivacy: null, restricted: false };
const GRANTED = { ...NO_PRIVACY, state: 'granted' as const };
const PENDING = { ...NO_PRIVACY, state: 'pending' as const };
const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001'], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

/** A relay whose frame connects as soon as it is mounted; what reached the frame, by method. */
function page(initial: typeof GRANTED | typeof PENDING) {
  const methods: string[] = [];
  const caller: Caller = {
    call: (_params: EventParams, _timeoutMs, method = 'event') => (methods.push(method), Promise.resolve(result)),
    handle: () => false,
    destroy: () => {},
  };
  const bridge: BridgeConnector = {
    connect(handlers) {
      queueMicrotask(() => handlers.onConnect(caller, 2));
      return { stop: vi.fn() };
    },
  };
  let report: (consent: Consent) => void = () => {};
  const marker = { value: false };
  const relay = createRelay(
    { partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 300 },
    {
      bridge: () => bridge,
      consent: (_config, onChange) => {
        report = onChange;
        onChange(initial as Consent);
      },
      optOut: () => ({ read: () => marker.value, write: () => void (marker.value = true) }),
    },
  );
  return { relay, methods, marker, grant: () => report(GRANTED as Consent) };
}

/** Lets the relay mount, connect and answer (microtasks and a task). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('an opt-out made after destroy', () => {
  it('control: before destroy, the opt-out reaches the DCS', async () => {
    const { relay, methods } = page(GRANTED);
    await relay.ready();
    await relay.optOut();
    expect(methods).toContain('optOut');
  });

  it.fails('after destroy, optOut() reaches the DCS or rejects DESTROYED (never "done" with nothing sent)', async () => {
    const { relay, methods } = page(GRANTED);
    await relay.ready();
    relay.destroy();
    const outcome = await relay.optOut().then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );
    await settle();
    // main: outcome 'resolved', methods ['boot'] (the first call only): nothing told the DCS.
    expect(methods.includes('optOut') || outcome === 'DESTROYED').toBe(true);
  });
});
