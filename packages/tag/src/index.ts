// The npm entry: `import { createAudienceRelay } from '@audience-relay/tag'`.
export { createAudienceRelay } from './create.ts';
export { validateConfig, type AudienceRelayConfig, type NormalizedConfig } from './config.ts';
export { RelayError, type ErrorCode } from '@audience-relay/protocol';
export type {
  AudienceRelay,
  ReadyOptions,
  ReadyResult,
  ReadyStatus,
  SegmentsEvent,
  SegmentsListener,
} from './relay.ts';
export type { Signals, SignalValue } from './signals.ts';
