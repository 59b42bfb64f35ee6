export { startMockDcs, type MockDcs, type MockDcsOptions } from './server.ts';
export {
  compileConfig,
  ConfigError,
  type MockDcsConfig,
  type PartnerConfig,
  type TraitConfig,
  type SegmentConfig,
} from './config.ts';
export { demoConfig, DEMO_PUBLISHER_ORIGINS } from './demo-config.ts';
export { defaultAssets, type AssetPaths } from './assets.ts';
