import { SUPPORTED_VERSIONS } from '@audience-relay/protocol';
import { parseAllowedOrigins } from './allowlist';
import { readBoot } from './boot';
import { startBridgeServer } from './bridge-server';
import { createDcsClient } from './dcs-client';

/** Below the tag's call deadline, so the tag hears a typed DCS_TIMEOUT rather than silence. */
const DCS_TIMEOUT_MS = 4000;

// The frame must never run outside an iframe: as a top-level page it has no one to serve.
if (window.parent !== window) {
  const boot = readBoot(document);
  const dcs = createDcsClient({
    endpoint: new URL('/event', location.href).href,
    fetch: window.fetch.bind(window),
    timeoutMs: DCS_TIMEOUT_MS,
  });
  startBridgeServer({
    self: window,
    parent: window.parent,
    allowedOrigins: parseAllowedOrigins(boot.allowedOrigins),
    partner: boot.partner,
    versions: SUPPORTED_VERSIONS,
    handleEvent: (params) => dcs.event(params),
  });
}
