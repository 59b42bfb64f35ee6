import { SUPPORTED_VERSIONS } from '@audience-relay/protocol';
import { parseAllowedOrigins } from './allowlist';
import { readBoot } from './boot';
import { startBridgeServer } from './bridge-server';
import { createDcsClient } from './dcs-client';
import { fireIdSyncs } from './id-syncs';

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
    handleEvent: async (params) => {
      const { result, idSyncs } = await dcs.event(params);
      fireIdSyncs(idSyncs, { now: Date.now, storage: frameStorage(), fire: fireImage });
      return result;
    },
  });
}

function frameStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function fireImage(url: string): void {
  const image = new Image();
  image.referrerPolicy = 'no-referrer';
  image.src = url;
}
