export { parseAllowedOrigins } from './allowlist.ts';
export { BOOT_META, readBoot, type FrameBoot } from './boot.ts';
export { startBridgeServer, type BridgeServer, type BridgeServerOptions } from './bridge-server.ts';
export { buildEventQuery, createDcsClient, MAX_GET_URL, MAX_POST_BODY, type DcsClient } from './dcs-client.ts';
export { parseEventResponse } from './parse-response.ts';
