export { parseAllowedOrigins } from './allowlist';
export { BOOT_META, readBoot, type FrameBoot } from './boot';
export { startBridgeServer, type BridgeServer, type BridgeServerOptions } from './bridge-server';
export { buildEventQuery, createDcsClient, MAX_GET_URL, MAX_POST_BODY, type DcsClient, type EventCall } from './dcs-client';
export { fireDestinations, parseDestinations, type Destination } from './destinations';
export { createEventHandler, type FrameServices } from './handle-event';
export { chooseDeviceId, dcsCookieUuid, identitySource } from './identity';
export { parseEventResponse, type ParsedResponse } from './parse-response';
export { fireIdSyncs, parseIdSyncs, type IdSync, type SyncServices } from './id-syncs';
