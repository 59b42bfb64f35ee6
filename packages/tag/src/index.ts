// The npm entry: `import { createAudienceRelay } from '@audience-relay/tag'`.
import type { AudienceRelayConfig } from './config';
import { createOnPage } from './create';
import { browserOutputs } from './outputs';
import { debugTools } from './debug/tools';
import { validateOutputs } from './outputs/config';
import type { AudienceRelay } from './relay';

/**
 * Connects this page to a partner's DCS through a hidden iframe on the DCS origin. Throws
 * one error naming every problem of the config. Outputs are bundled (the CDN tag loads
 * them on demand instead).
 */
export function createAudienceRelay(config: AudienceRelayConfig): AudienceRelay {
  return createOnPage(config, (normalized) => browserOutputs(window, normalized.partner, normalized.outputs), {
    validateOutputs,
    debugTools: async () => debugTools,
  });
}

export { validateConfig, type AudienceRelayConfig, type NormalizedConfig } from './config';
export type { OutputsConfig, GptOutputConfig, PrebidOutputConfig, CookieOutputConfig, NormalizedOutputs } from './outputs/config';
export { DATA_LAYER_EVENT, DOM_EVENT } from './outputs/page-events';
export { RelayError, type ErrorCode, type Identity, type IdentitySource } from '@audience-relay/protocol';
export type {
  AudienceRelay,
  CallRecord,
  ConnectionEvent,
  DebugEvent,
  Diagnosis,
  DiagnosisReason,
  RelaySnapshot,
  PageViewOptions,
  ReadyOptions,
  ReadyResult,
  ReadyStatus,
  RelayEventName,
  RelayEvents,
  RelayListener,
  SegmentsEvent,
  SegmentsListener,
} from './relay';
export type { DeclaredIdInput, Signals, SignalValue } from './signals';
export type { Consent } from './consent/consent';
export type { ConsentConfig } from './config';
