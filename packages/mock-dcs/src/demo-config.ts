import type { MockDcsConfig } from './config';

/** Origins `npm start` serves the example pages from. */
export const DEMO_PUBLISHER_ORIGINS = ['http://publisher.localhost:4280'];

/**
 * The built-in demo: a sports publisher. Signals the example page sends qualify the
 * visitor for traits, and traits for segments.
 */
export function demoConfig(allowedOrigins: string[] = DEMO_PUBLISHER_ORIGINS): MockDcsConfig {
  return {
    defaultPartner: 'acme',
    partners: {
      acme: {
        allowedOrigins,
        region: 7,
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
      },
    },
  };
}
