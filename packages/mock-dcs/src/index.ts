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
export { demoConfig, DEMO_PUBLISHER_ORIGINS, DEMO_PROVIDER_DPID, type DemoProvider } from './demo-config';
export { startContentProvider, type ContentProvider, type ContentProviderOptions } from './providers/content-provider-server';
export { parseFaultSpec, type FaultSpec } from './admin/faults';
export type { RecordedRequest } from './admin/request-log';
export { defaultAssets, type AssetPaths } from './assets';
export { tcString } from './tc-string';
