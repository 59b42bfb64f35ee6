import { browserBridge } from './bridge/browser-bridge.ts';
import type { AudienceRelayConfig } from './config.ts';
import { createRelay, type AudienceRelay } from './relay.ts';

/** Connects this page to a partner's DCS through a hidden iframe on the DCS origin. */
export function createAudienceRelay(config: AudienceRelayConfig): AudienceRelay {
  return createRelay(config, ({ partner, dcsOrigin }) => browserBridge(window, partner, dcsOrigin));
}
