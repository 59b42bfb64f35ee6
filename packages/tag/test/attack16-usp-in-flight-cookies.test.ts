// attack16 (outside review): a US opt-out of sale the tag learns while an event call is in flight
// (the page's next call asks the US Privacy CMP again, or a CMP loaded after the tag is found):
// the frame made that call unrestricted and returns the answer's cookie destinations, which the
// tag wrote into the page's jar though it knew of the opt-out before the answer came. Under GPC
// or `1YYN` no cookie destination is ever written (SECURITY.md); a withdrawal in flight keeps
// nothing of the late answer. Not fixed here: the frame has already fired that answer's ID syncs
// (it cannot know; docs/SECURITY.md, attack16).
import { expect, it, vi } from 'vitest';
import type { Caller, EventResult } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import { NO_CMP } from '../src/consent/consent';
import type { BridgeConnector } from '../src/services';
import type { Consent } from '../src/types';

it('a US opt-out of sale learned while the call is in flight: its answer writes no cookie destination', async () => {
  let answer: ((r: EventResult) => void) | null = null;
  const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001'], traits: [], cookies: [{ name: 'aud_seg', value: '5001', days: 30, domain: '' }], identity: { source: 'new', partitioned: false } };
  const caller: Caller = { call: () => new Promise((resolve) => (answer = resolve)), handle: () => false, destroy: () => {} };
  const bridge: BridgeConnector = { connect: (handlers) => (queueMicrotask(() => handlers.onConnect(caller, 1)), { stop: () => {} }) };
  let report: (consent: Consent) => void = () => {};
  const written: unknown[] = [];
  const relay = createRelay(
    { partner: 'acme', dcs: 'https://acme.dcs.example' },
    {
      bridge: () => bridge,
      outputs: () => ({ segments: () => {}, cookies: (list) => void written.push(...list) }),
      consent: (_config, onChange) => {
        report = onChange;
        onChange(NO_CMP);
        return { refresh: () => {}, stop: () => {} };
      },
    },
  );
  await vi.waitFor(() => expect(answer).not.toBeNull());
  report({ ...NO_CMP, usPrivacy: '1YYN', restricted: true });
  answer!(result);
  await expect(relay.ready()).resolves.toMatchObject({ status: 'fresh', segments: ['5001'] });
  // Before the fix: [{ name: 'aud_seg', … }].
  expect(written).toEqual([]);
  relay.destroy();
});
