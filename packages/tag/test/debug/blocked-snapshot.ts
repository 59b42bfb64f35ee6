import { NO_CMP } from '../../src/consent/consent';
import type { RelaySnapshot } from '../../src/types';

/** A relay whose frame never connected (CONNECTION_TIMEOUT), as `diagnose` gets it; `over` changes fields. */
export const blockedSnapshot = (over: Partial<RelaySnapshot> = {}): RelaySnapshot => ({
  partner: 'acme',
  dcsOrigin: 'https://acme.dcs.example',
  consent: NO_CMP,
  consentLate: false,
  optedOut: false,
  frame: 'failed',
  failure: { code: 'CONNECTION_TIMEOUT', message: 'the DCS frame did not connect within 5000 ms' },
  lastError: null,
  calls: 0,
  inFlight: false,
  queued: true,
  latest: null,
  fresh: false,
  ...over,
});
