// The npm entry: `import { createAudienceRelay } from '@audience-relay/tag'`.
export { createAudienceRelay } from './create';
export { validateConfig, type AudienceRelayConfig, type NormalizedConfig } from './config';
export { RelayError, type ErrorCode, type Identity, type IdentitySource } from '@audience-relay/protocol';
export type {
  AudienceRelay,
  ReadyOptions,
  ReadyResult,
  ReadyStatus,
  SegmentsEvent,
  SegmentsListener,
} from './relay';
export type { Signals, SignalValue } from './signals';
