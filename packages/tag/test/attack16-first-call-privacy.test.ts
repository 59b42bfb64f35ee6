// attack16 (outside review): the first event call's params were read when the frame was mounted
// (event-calls.ts `boot()`) and sent unchanged once it connected, privacy signals included. A US
// Privacy CMP loaded after the tag, read meanwhile (`1YYN`: the visitor opted out of sale), was
// then missing from that call: the frame claimed the boot answer unrestricted (ID syncs, URL
// destinations, cookie destinations), or made the first port call with no `us_privacy` at all.
// e2e: attack16-usp-after-mount.spec.ts.
import { describe, expect, it, vi } from 'vitest';
import type { Caller, EventParams, EventResult, RequestMethod } from '@audience-relay/protocol';
import { createRelay } from '../src/relay';
import { NO_CMP } from '../src/consent/consent';
import type { BridgeConnector, DeviceIdStore } from '../src/services';
import type { Consent } from '../src/types';

const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001'], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

async function firstCall(deviceId: string | null): Promise<{ params: EventParams; method: RequestMethod | undefined; bootCall: string | null | undefined }> {
  const sent: Array<{ params: EventParams; method: RequestMethod | undefined }> = [];
  const caller: Caller = { call: (params, _t, method) => (sent.push({ params, method }), Promise.resolve(result)), handle: () => false, destroy: () => {} };
  let connect: (() => void) | null = null;
  let bootCall: string | null | undefined;
  const bridge: BridgeConnector = {
    connect(handlers, boot) {
      bootCall = boot;
      connect = () => {
        handlers.onOpen?.(caller, 2);
        handlers.onConnect(caller, 2);
      };
      return { stop: () => {} };
    },
  };
  let report: (consent: Consent) => void = () => {};
  const ids: DeviceIdStore = { read: () => deviceId, write: () => {}, clear: () => {} };
  const relay = createRelay(
    { partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 3000 },
    {
      bridge: () => bridge,
      deviceIds: () => ids,
      consent: (_config, onChange) => {
        report = onChange;
        onChange(NO_CMP);
        return { refresh: () => {}, stop: () => {} };
      },
    },
  );
  relay.signals({ c_section: 'sports' });
  await vi.waitFor(() => expect(connect).not.toBeNull());
  // A US Privacy CMP loaded after the tag is found (the 200 ms look-up) before the frame connects.
  report({ ...NO_CMP, usPrivacy: '1YYN', restricted: true });
  connect!();
  await vi.waitFor(() => expect(sent).toHaveLength(1));
  relay.destroy();
  return { ...sent[0]!, bootCall };
}

describe('the first event call carries the privacy signals of when it goes', () => {
  it('first visit: the boot request claims the answer with the US opt-out of sale', async () => {
    const { params, method, bootCall } = await firstCall(null);
    expect(bootCall).toBeTruthy();
    expect(method).toBe('boot');
    expect(params.privacy).toMatchObject({ usPrivacy: '1YYN', restricted: true });
    expect(params.signals).toEqual({ c_section: ['sports'] });
  });

  it('repeat visit (a device-ID copy: the first call takes the port): it goes with the US opt-out of sale', async () => {
    const { params, method, bootCall } = await firstCall('2'.repeat(38));
    expect(bootCall).toBeNull();
    expect(method).toBe('event');
    expect(params.privacy).toMatchObject({ usPrivacy: '1YYN', restricted: true });
    expect(params.uuid).toBe('2'.repeat(38));
  });
});
