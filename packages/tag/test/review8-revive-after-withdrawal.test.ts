// review8: connection.ts `revive()` now mounts again a frame that failed with CONNECTION_TIMEOUT,
// on the page's next call (event-calls.ts `add` calls it for every queued command, before any
// consent or opt-out check). `stop()` (consent withdrawn, opt-out delivered) keeps `failure`,
// so after a frame that timed out (the 502 blip / window.stop() / blocked DCS this fix is
// for), the page's next `signals()` after a withdrawal or an opt-out mounts the frame again:
// a frame.html request to the DCS's host, with its cookies, from a page that said no. The
// relay's own rule (relay.ts `start`): the frame is mounted once consent allows, never after.
import { describe, expect, it } from 'vitest';
import type { Caller, EventParams, EventResult } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import type { BridgeConnector } from '../src/services';
import type { Consent } from '../src/types';

const NO_PRIVACY = { gdpr: null, tcString: null, gpp: null, gppSid: [], usPrivacy: null, restricted: false };
const GRANTED = { ...NO_PRIVACY, state: 'granted' } as Consent;
const DENIED = { ...NO_PRIVACY, state: 'denied' } as Consent;
const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001'], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

/** A frame that never says hello the first time (a 502 for a second); how often one is mounted. */
function blippingBridge() {
  const mounts: Array<string | null | undefined> = [];
  const calls: EventParams[] = [];
  const optOuts: EventParams[] = [];
  const caller: Caller = {
    call: (params, _timeoutMs, method) => ((method === 'optOut' ? optOuts : calls).push(params), Promise.resolve(result)),
    handle: () => false,
    destroy: () => {},
  };
  const bridge: BridgeConnector = {
    connect(handlers, bootCall) {
      mounts.push(bootCall);
      // The first frame never connects; later ones do (the blip is over).
      if (mounts.length > 1) queueMicrotask(() => handlers.onConnect(caller, 1));
      return { stop: () => {} };
    },
  };
  return { bridge, mounts, calls, optOuts };
}

function setup() {
  const fake = blippingBridge();
  let report: (consent: Consent) => void = () => {};
  let marker = false;
  const relay = createRelay(
    { partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 2000, connectTimeoutMs: 50 },
    {
      bridge: () => fake.bridge,
      consent: (_config, onChange) => void (report = onChange),
      optOut: () => ({ read: () => marker, write: () => void (marker = true) }),
    },
  );
  return { relay, fake, consent: (c: Consent) => report(c) };
}

describe('review8: a frame that timed out is mounted again by a call made after the page said no', () => {
  // Fixed (session i) in packages/tag/src/bridge/connection.ts (stop() clears a CONNECTION_TIMEOUT failure, or revive only while allowed: event-calls.ts add): expected: no frame mounted while consent is withdrawn
  it('consent withdrawn after the connect deadline: the next signals() mounts no frame', async () => {
    const { relay, fake, consent } = setup();
    consent(GRANTED);
    await expect(relay.ready()).resolves.toMatchObject({ status: 'blocked', error: { code: 'CONNECTION_TIMEOUT' } });
    expect(fake.mounts).toHaveLength(1);
    consent(DENIED);
    relay.signals({ c_after: 'withdrawn' });
    await expect(relay.ready()).resolves.toMatchObject({ status: 'no-consent' });
    expect(fake.mounts).toHaveLength(1);
  });

  // Fixed (session i) in packages/tag/src/bridge/connection.ts (stop() clears the failure): expected: nothing mounted after the opt-out
  it('opted out after the connect deadline: the next signals() mounts no frame', async () => {
    const { relay, fake, consent } = setup();
    consent(GRANTED);
    await expect(relay.ready()).resolves.toMatchObject({ status: 'blocked' });
    await relay.optOut();
    const before = fake.mounts.length;
    relay.signals({ c_after: 'opted-out' });
    await expect(relay.ready()).resolves.toMatchObject({ status: 'opted-out' });
    expect(fake.mounts).toHaveLength(before);
    expect(fake.calls).toEqual([]);
  });

  // Fixed (session i) in packages/tag/src/relay.ts deliverOptOut (`else if (connection.failure) end()`): a CONNECTION_TIMEOUT is no longer final (revive mounts again on the next call), so the opt-out should mount the frame for itself as it does before the first mount; expected: the DCS opt-out (and the frame's site-wide memory of it) is sent
  it('an opt-out made after a frame timed out (a blip) reaches the DCS through a frame mounted for it', async () => {
    const { relay, fake, consent } = setup();
    consent(GRANTED);
    await expect(relay.ready()).resolves.toMatchObject({ status: 'blocked' });
    await relay.optOut();
    expect(fake.optOuts).toHaveLength(1);
  });
});
