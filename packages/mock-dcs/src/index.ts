export { startMockDcs, type MockDcs, type MockDcsOptions } from './server';
export {
  compileConfig,
  ConfigError,
  type MockDcsConfig,
  type PartnerConfig,
  type TraitConfig,
  type SegmentConfig,
} from './config';
export { demoConfig, DEMO_PUBLISHER_ORIGINS } from './demo-config';
export { defaultAssets, type AssetPaths } from './assets';
