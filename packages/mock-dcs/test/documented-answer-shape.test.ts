// The /event answer has the shape of Adobe's samples. "Receive Data From the DCS"
// (https://experienceleague.adobe.com/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-event-calls/dcs-url-receive.html):
// the call `…/event?videoTypeID=2&data=moarData&d_dst=1&d_rtbd=json&d_cb=acme_callback` answers
// `{ "stuff": [], "uuid": "…", "dcs_region": 7, "tid": "…" }`: no `dests` key although d_dst=1,
// no `ibs`. "Supported Attributes for DCS API Calls" (d_cts=2,
// https://experienceleague.adobe.com/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-keys.html):
// `stuff, uuid, dcs_region, traits, segments, tid`. mock-dcs answered `"dests": []` and
// `"ibs": []` and put `tid` second: a client (or a QA check) reading `body.dests.length`
// passed here and would throw on Audience Manager.
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: {
    acme: {
      allowedOrigins: ['https://www.publisher.example'],
      traits: [{ id: 1001, rule: 'c_section == "sports"' }],
      segments: [{ id: 5001, rule: '1001T' }],
    },
  },
};
const dcs = mockDcsPerFile(config);
const keysOf = async (path: string): Promise<string[]> => Object.keys((await call(dcs().port, path)).json());

describe('the /event answer, shaped as Adobe documents it', () => {
  it('Adobe\'s sample call (d_dst=1, nothing to send): stuff, uuid, dcs_region, tid; no dests, no ibs', async () => {
    expect(await keysOf('/event?videoTypeID=2&data=moarData&d_dst=1&d_rtbd=json')).toEqual(['stuff', 'uuid', 'dcs_region', 'tid']);
  });

  it('d_cts=2: stuff, uuid, dcs_region, traits, segments, tid, as the d_cts sample', async () => {
    expect(await keysOf('/event?d_rtbd=json&d_cts=2&c_section=sports')).toEqual(['stuff', 'uuid', 'dcs_region', 'traits', 'segments', 'tid']);
  });

  it('dests and ibs appear when they have entries, before traits; errors come last', async () => {
    dcs().setConfig({
      ...config,
      partners: {
        acme: {
          ...config.partners.acme!,
          destinations: [{ id: 2523, url: 'https://px.example/s?seg=%ALIAS%', segments: { 5001: 'sports' } }],
          idSyncs: [{ id: 411, dpid: 411, url: 'https://sync.example/p?uid=${DD_UUID}', ttlMinutes: 10080 }],
        },
      },
    });
    expect(await keysOf(`/event?d_rtbd=json&d_dst=1&d_cts=2&c_section=sports&d_uuid=12`)).toEqual(['stuff', 'uuid', 'dcs_region', 'dests', 'ibs', 'traits', 'segments', 'tid', 'errors']);
  });
});
