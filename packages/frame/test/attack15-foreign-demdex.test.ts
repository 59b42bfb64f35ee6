// Outside review atk15: a frame served apart from its DCS (it keeps `remembered`) reads no DCS
// cookie in its host's jar: a `demdex` cookie there is not its DCS's, and must not keep the
// tag's first-party device ID from going as d_uuid, nor decide the identity source.
import { describe, expect, it } from 'vitest';
import type { EventParams } from '@audience-relay/protocol';
import { createEventHandler, type EventCall, type FrameServices } from '../src/index';

const FOREIGN = '9'.repeat(38);
const TAG_UUID = '2'.repeat(38);

describe('frame apart from its DCS: the host jar is not the DCS cookie', () => {
  it("sends the tag's copy as d_uuid and reports first-party despite a demdex cookie of the frame host", async () => {
    const calls: EventCall[] = [];
    const ids = new Set<string>();
    const s: FrameServices = {
      dcs: {
        event: async (call, sent) => {
          calls.push(call);
          sent?.();
          return { result: { uuid: call.deviceId ?? '1'.repeat(38), segments: [], traits: [], cookies: [] }, idSyncs: [], destinations: [], region: null };
        },
      },
      cookies: () => `demdex=${FOREIGN}`,
      remembered: { has: (id) => ids.has(id), add: (id) => void ids.add(id), forget: () => ids.clear() },
      partitioned: Promise.resolve(true),
      syncs: { now: () => 0, storage: null, fire: () => {} },
      fireDestination: () => {},
    };
    const params: EventParams = { signals: {}, traits: [], uuid: TAG_UUID, coppa: false, ids: [], url: null };
    const result = await createEventHandler(s)(params);
    expect(calls[0]?.deviceId).toBe(TAG_UUID);
    expect(result.identity.source).toBe('first-party');
    // No copy offered: the foreign value never names the source either.
    const second = await createEventHandler(s)({ ...params, uuid: null });
    expect(second.identity.source).not.toBe('dcs-cookie');
    expect(second.uuid).toBe('1'.repeat(38));
  });
});
