// The npm entry: `import { createAudienceRelay } from '@audience-relay/tag'`.
import { inert } from '@audience-relay/protocol';
import type { AudienceRelay, AudienceRelayConfig, NormalizedConfig } from './types';
import { validateConfig as validate } from './config';
import { createOnPage } from './create';
import { createServerRelay } from './server-relay';
import { browserOutputs } from './outputs';
import { debugTools } from './debug/tools';
import { validateOutputs } from './outputs/config';
import { SPECIES_TAKEN, speciesTaken } from './species';

/**
 * Connects this page to a partner's DCS through a hidden iframe on the DCS origin. Throws
 * one error naming every problem of the config. Outputs are bundled (the CDN tag loads
 * them on demand instead). Without a browser page (server-side rendering) it connects
 * nothing, and `ready` settles `blocked` at once, saying why (`server-relay.ts`).
 */
export function createAudienceRelay(config: AudienceRelayConfig): AudienceRelay {
  if (typeof window === 'undefined' || typeof document === 'undefined') return createServerRelay(config, validateOutputs);
  if (speciesTaken()) throw new Error(`[audience-relay] ${SPECIES_TAKEN}`);
  return createOnPage(config, (normalized) => browserOutputs(window, normalized.partner, normalized.outputs), {
    validateOutputs,
    // Inert: the async function's promise looks up the tools' `then`, which a page that
    // polluted Object.prototype would own (the tag's answers are inert alike).
    debugTools: async () => inert({ ...debugTools }),
  });
}

/**
 * Checks a config as `createAudienceRelay` does, `outputs` included, and returns it normalized,
 * every default applied; throws one `RelayError` naming every problem. For a site's own tests
 * of its settings: nothing is mounted or sent.
 */
export function validateConfig(config: unknown): NormalizedConfig {
  return validate(config, validateOutputs);
}
export { DATA_LAYER_EVENT, DOM_EVENT } from './outputs/page-events';
export { RelayError, type ErrorCode } from '@audience-relay/protocol';
export type {
  AudienceRelay,
  AudienceRelayCommand,
  AudienceRelayConfig,
  CallRecord,
  ConnectionEvent,
  Consent,
  ConsentConfig,
  CookieOutputConfig,
  DebugEvent,
  DeclaredIdInput,
  Diagnosis,
  DiagnosisReason,
  GptOutputConfig,
  Identity,
  IdentitySource,
  NormalizedConfig,
  NormalizedOutputs,
  OutputsConfig,
  PageViewOptions,
  PrebidOutputConfig,
  ReadyOptions,
  ReadyErrorCode,
  ReadyResult,
  ReadyStatus,
  RelayEventName,
  RelayEvents,
  RelayListener,
  RelaySnapshot,
  SegmentsEvent,
  SegmentsListener,
  Signals,
  SignalValue,
} from './types';
