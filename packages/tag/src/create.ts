import { browserBridge } from './bridge/browser-bridge';
import type { AudienceRelayConfig } from './config';
import { deviceIdCookie } from './device-id-cookie';
import { createRelay, type AudienceRelay } from './relay';

/** Connects this page to a partner's DCS through a hidden iframe on the DCS origin. */
export function createAudienceRelay(config: AudienceRelayConfig): AudienceRelay {
  return createRelay(
    config,
    ({ partner, dcsOrigin }) => browserBridge(window, partner, dcsOrigin),
    ({ partner }) => deviceIdCookie(document, partner),
  );
}
