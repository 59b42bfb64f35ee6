// d_nsid names the ID sync container: "Each of these sites will have their own container ID
// and ID syncs. When you have only 1 site, the container ID is 0 by default" (DIL.create,
// containerNSID; the ID service's idSyncContainerID is sent as d_nsid on /id).
import { describe, expect, it } from 'vitest';
import type { MockDcsConfig } from '../src/index';
import { call, mockDcsPerFile } from './helpers';

const ORG = 'ACME123@AdobeOrg';
const ID = `/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=${encodeURIComponent(ORG)}`;
const config: MockDcsConfig = {
  defaultPartner: 'acme',
  partners: {
    acme: {
      allowedOrigins: [],
      orgId: ORG,
      traits: [],
      segments: [],
      idSyncs: [
        { id: 411, dpid: 411, url: 'https://every.example/p?u=${DD_UUID}', ttlMinutes: 60 },
        { id: 412, dpid: 412, url: 'https://site-a.example/p?u=${DD_UUID}', ttlMinutes: 60, containers: [0] },
        { id: 413, dpid: 413, url: 'https://site-b.example/p?u=${DD_UUID}', ttlMinutes: 60, containers: [7, 8] },
      ],
    },
  },
};

const dcs = mockDcsPerFile(config);

const ids = (body: Record<string, unknown>): string[] => (body.ibs as Array<{ id: string }>).map((s) => s.id);

describe('ID syncs by container (d_nsid)', () => {
  it('/event: a sync with containers comes only to calls naming one of them; none given is container 0', async () => {
    expect(ids((await call(dcs().port, '/event?d_rtbd=json')).json())).toEqual(['411', '412']);
    expect(ids((await call(dcs().port, '/event?d_rtbd=json&d_nsid=0')).json())).toEqual(['411', '412']);
    expect(ids((await call(dcs().port, '/event?d_rtbd=json&d_nsid=8')).json())).toEqual(['411', '413']);
  });

  it('/id: the same, by the d_nsid Visitor sends (its idSyncContainerID)', async () => {
    expect(ids((await call(dcs().port, `${ID}&d_nsid=0`)).json())).toEqual(['411', '412']);
    expect(ids((await call(dcs().port, `${ID}&d_nsid=7`)).json())).toEqual(['411', '413']);
  });

  it('containers must be a list of whole numbers', () => {
    const bad = structuredClone(config);
    (bad.partners.acme!.idSyncs![2] as unknown as Record<string, unknown>).containers = ['x'];
    expect(() => dcs().setConfig(bad)).toThrow(/idSyncs\[2\]\.containers: expected a list of container IDs/);
  });
});
