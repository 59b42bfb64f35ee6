export { startMockDcs, type MockDcs, type MockDcsOptions } from './server';
export {
  compileConfig,
  ConfigError,
  type MockDcsConfig,
  type DeviceCookieConfig,
  type PartnerConfig,
  type DataSourceConfig,
  type TraitConfig,
  type SegmentConfig,
  type UrlDestinationConfig,
  type CookieDestinationConfig,
  type IdSyncConfig,
  type ContentProviderConfig,
} from './config';
export type { CallerLocationConfig } from './event/caller-location';
export { demoConfig, DEMO_PUBLISHER_ORIGINS, DEMO_PROVIDER_DPID, type DemoProvider } from './demo-config';
export { startContentProvider, type ContentProvider, type ContentProviderOptions, type ReceivedCall } from './providers/content-provider-server';
export { checkProvider, type ProviderCheckOptions, type ProviderCheckReport, type ProviderCheckRun } from './providers/check-provider';
export { parseFaultSpec, type FaultSpec } from './admin/faults';
export type { RecordedRequest } from './admin/request-log';
// The profile store (`profileStore` option): its interface, and the bounded in-memory default,
// to wrap or to configure outside `startMockDcs`.
export type { Profile, ProfileRecord, ProfileStore, ProfileStoreStats, TraitRealization } from './profiles';
export { LruProfileStore, type LruProfileStoreOptions } from './lru-profile-store';
export { defaultAssets, type AssetPaths } from './assets';
export { tcString } from './tc-string';
