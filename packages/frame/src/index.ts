export { parseAllowedOrigins } from './allowlist';
export { BOOT_META, readBoot, type FrameBoot } from './boot';
export { startBridgeServer, type BridgeServer, type BridgeServerOptions } from './bridge-server';
export { buildEventQuery, createDcsClient, MAX_GET_URL, MAX_POST_BODY, type DcsClient } from './dcs-client';
export { parseEventResponse, type ParsedResponse } from './parse-response';
export { fireIdSyncs, parseIdSyncs, type IdSync, type SyncServices } from './id-syncs';
