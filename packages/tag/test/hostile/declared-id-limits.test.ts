// Limits that hold per call but not for what the page gives in one list: declared IDs.
// (From the outside review, branch attack: on 951cfe0 one list sent four IDs of one source.)
import { describe, expect, it } from 'vitest';
import type { Caller, EventParams, EventResult } from '@audience-relay/protocol';
import { createRelay } from '../../src/relay';
import type { BridgeConnector } from '../../src/services';

const result: EventResult = { uuid: '1'.repeat(38), segments: ['5001'], traits: [], cookies: [], identity: { source: 'new', partitioned: false } };

function connectedRelay() {
  const calls: EventParams[] = [];
  const caller: Caller = {
    call: (params) => (calls.push(structuredClone(params)), Promise.resolve(result)),
    handle: () => false,
    destroy: () => {},
  };
  const bridge: BridgeConnector = {
    connect(handlers) {
      queueMicrotask(() => handlers.onConnect(caller, 2));
      return { stop: () => {} };
    },
  };
  const relay = createRelay({ partner: 'acme', dcs: 'https://acme.dcs.example', timeoutMs: 300 }, { bridge: () => bridge });
  return { relay, calls };
}

describe('declared IDs per data source', () => {
  // relay.ts keeps one ID per data source across calls ("a newer ID for the same data source
  // replaces the older one"); a list given in one call was taken whole: four IDs of data
  // source 21 went out together, and the DCS answers 310 (more than 3 IDs for one data
  // source) and drops one of them, which one the page cannot choose.
  it('one ids() list with two IDs of one data source is refused, naming the entry, and sends none of them', async () => {
    const { relay, calls } = connectedRelay();
    expect(() => relay.ids(['a', 'b', 'c', 'd'].map((dpuuid) => ({ dpid: 21, dpuuid })))).toThrow(/ids: \[1\]: a second ID of data source 21.*\[2\].*\[3\]/);
    expect(() => relay.ids([{ code: 'crm', dpuuid: 'x' }, { code: 'crm', dpuuid: 'y', authState: 1 }])).toThrow(/\[1\]: a second ID of data source crm/);
    relay.ids([{ dpid: 21, dpuuid: 'a' }, { code: 'crm', dpuuid: 'x' }, { dpid: 22, dpuuid: 'b' }]);
    await relay.ready();
    expect(calls.at(-1)!.ids).toEqual([
      { source: 21, id: 'a', authState: null },
      { source: 'crm', id: 'x', authState: null },
      { source: 22, id: 'b', authState: null },
    ]);
  });
});

describe('declared IDs the DCS would refuse', () => {
  // The DCS reads a d_cid data source ID of 1 to 10 digits; a longer one is its error 300
  // ("invalid customer ID"), reported only later in `ready`. The call refuses it at once.
  it('a data source ID of more than 10 digits is refused at the call, and nothing is sent', async () => {
    const { relay, calls } = connectedRelay();
    expect(() => relay.ids({ dpid: 10_000_000_000, dpuuid: 'a' })).toThrow(/ids: \[0\]: expected \{ dpid: a whole number of 1 to 10 digits/);
    relay.ids({ dpid: 9_999_999_999, dpuuid: 'b' });
    await relay.ready();
    expect(calls.at(-1)!.ids).toEqual([{ source: 9_999_999_999, id: 'b', authState: null }]);
  });
});
