import type { MockDcsConfig } from './config';

/** Origins `npm start` serves the example pages from. */
export const DEMO_PUBLISHER_ORIGINS = ['http://publisher.localhost:4280'];

/** Where the demo's content provider is reached: by browsers (ID sync) and by the DCS (segments). */
export interface DemoProvider {
  /** e.g. `http://provider.localhost:4300` */
  browserUrl: string;
  /** e.g. `http://127.0.0.1:4300` */
  serverUrl: string;
}

/** The data source ID of the demo's real-time content provider ("Golf Data Co"). */
export const DEMO_PROVIDER_DPID = 777;

/**
 * The built-in demo: a sports publisher with two data partners, `acme` (the default) and
 * `beta`. Signals the example page sends qualify the
 * visitor for traits, and traits for segments. With a content provider, the frame syncs
 * the visitor's ID with it on the first page view; from the next event call on, the DCS
 * asks the provider in real time and its `golf_fan` segment qualifies trait 1005 and
 * segment 5005, which no signal of the page could.
 */
export function demoConfig(allowedOrigins: string[] = DEMO_PUBLISHER_ORIGINS, provider?: DemoProvider): MockDcsConfig {
  const config: MockDcsConfig = {
    defaultPartner: 'acme',
    partners: {
      acme: {
        allowedOrigins,
        region: 7,
        dataSources: [{ id: 21, name: 'Publisher CRM', integrationCode: 'crm' }],
        traits: [
          { id: 1001, name: 'Reads the sports section', rule: 'c_section == "sports"' },
          { id: 1002, name: 'Under 25', rule: 'p_age < 25' },
          { id: 1003, name: 'Golf interest', rule: 'c_tag contains "golf" OR c_tag == "masters"' },
          { id: 1004, name: 'Newsletter sign-up (pixel)' },
        ],
        segments: [
          { id: 5001, name: 'Sports readers', rule: '1001T' },
          { id: 5002, name: 'Young sports fans', rule: '1001T AND 1002T' },
          { id: 5003, name: 'Golf enthusiasts', rule: '1003T AND NOT 1002T' },
          { id: 5004, name: 'Loyal sports readers', rule: '1001T >= 3' },
        ],
        cookieDestinations: [
          { name: 'aud_seg', ttlDays: 30, key: 'seg', segments: { 5001: '5001', 5002: '5002', 5003: '5003', 5004: '5004' } },
        ],
      },
      // A second data partner on the same pages (examples/ad-stack/two-partners.html), reached
      // as beta.<dcs host>: its own traits, segments and device IDs.
      beta: {
        allowedOrigins,
        traits: [
          { id: 2001, name: 'Sports section (beta)', rule: 'c_section == "sports"' },
          { id: 2002, name: 'Golf tag (beta)', rule: 'c_tag contains "golf"' },
        ],
        segments: [
          { id: 6001, name: 'Beta sports audience', rule: '2001T' },
          { id: 6002, name: 'Beta golf audience', rule: '2002T' },
        ],
      },
    },
  };
  if (provider) {
    const acme = config.partners.acme!;
    acme.contentProviders = [
      { id: 1, name: 'Golf Data Co', dpid: DEMO_PROVIDER_DPID, url: `${provider.serverUrl}/segments?uid=\${DPUUID}`, timeoutMs: 300 },
    ];
    acme.idSyncs = [{ id: 411, dpid: DEMO_PROVIDER_DPID, url: `${provider.browserUrl}/sync?uuid=\${DD_UUID}`, ttlMinutes: 10080 }];
    acme.traits.push({ id: 1005, name: 'Golf fan (Golf Data Co, real time)', dpid: DEMO_PROVIDER_DPID, rule: 'segment == "golf_fan"' });
    acme.segments.push({ id: 5005, name: 'Golf fans (real-time provider)', rule: '1005T' });
  }
  return config;
}
