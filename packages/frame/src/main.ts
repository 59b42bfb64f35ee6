import { RelayError, SUPPORTED_VERSIONS } from '@audience-relay/protocol';
import { parseAllowedOrigins } from './allowlist';
import { readBoot } from './boot';
import { startBridgeServer } from './bridge-server';
import { createDcsClient } from './dcs-client';
import { dcsEndpoints } from './dcs-endpoint';
import { destinationFirer } from './fire-destination';
import { createRequestHandler, startBootCall } from './boot-call';
import { createEventHandler } from './handle-event';
import { optOut, type OptOutServices } from './opt-out';
import { partnerStorage } from './partner-storage';
import { rememberedUuid } from './remembered-uuid';

/** The opt-out the frame remembers, in its (partner's) storage. Above the code that reads it at once. */
const OPTED_OUT_KEY = 'optout';

/** Below the tag's call deadline, so the tag hears a typed DCS_TIMEOUT rather than silence. */
const DCS_TIMEOUT_MS = 4000;

// The frame must never run outside an iframe: as a top-level page it has no one to serve.
// Nor without its DCS: one fixed in frame.html at build time, else the origin that served it.
const boot = readBoot(document);
const dcs = dcsEndpoints(boot.dcs, location.href);
if (window.parent !== window && dcs) {
  const fire = destinationFirer(document);
  // This partner's keys only: frames of other partners may share this host and its storage.
  const storage = partnerStorage(frameStorage(), boot.partner);
  // Apart from the DCS, document.cookie is the frame host's, never the DCS's; the record's
  // cookie is named for the partner for the same reason.
  const remembered = dcs.sameOrigin
    ? null
    : rememberedUuid({ readCookies: () => document.cookie, writeCookie: (c) => void (document.cookie = c), storage: () => storage }, `ar_dcs_uuid_${boot.partner}`, location.pathname.replace(/[^/]*$/, ''));
  // Set once the tag asks for the DCS opt-out, and remembered in the frame's storage, which is
  // one for every host of the page's site (partitioned by top-level site): a visitor who opted
  // out on www. is opted out on shop. too, whose own marker (its origin's) says nothing, and
  // where the DCS may not have its opt-out cookie (third-party cookies blocked).
  // Looked at for each call: a page still open on shop. when the visitor opts out on www.
  // (another tab) asks this frame again.
  let optedOut = false;
  // And in a cookie of the frame host's (partitioned as the storage is): the host's storage
  // quota is shared with other partners' frames and whatever else the host serves, and once
  // that is full the marker's write throws (outside review attack17). `__Host-`: a DCS on a
  // host of the publisher's site (a CNAME) sees the site's Domain cookies, and no other host of
  // it may toss one in to opt its visitors out.
  const optedOutCookie = `__Host-ar_optout_${boot.partner}=1`;
  const knownOptedOut = (): boolean => (optedOut ||= inStorage(() => storage?.getItem(OPTED_OUT_KEY) === '1' || document.cookie.split('; ').includes(optedOutCookie)));
  const callDcs = createEventHandler({
    dcs: createDcsClient({ endpoint: dcs.event, fetch: window.fetch.bind(window), timeoutMs: DCS_TIMEOUT_MS }),
    cookies: () => document.cookie,
    ...(remembered ? { remembered } : {}),
    partitioned: storagePartitioned(),
    // Without storage (third-party site data blocked), the record of syncs fired lives as long as
    // this frame, one page view: each sync at most once a page, not once per event call.
    syncs: { now: Date.now, storage: storage ?? memoryRecord(), fire: (url) => fire({ id: '', type: 'img', url }) },
    fireDestination: fire,
    // The marker too, not only this frame's flag: a visitor who opted out on another host of the
    // site while this frame's call was in flight gets no ID sync from its late answer.
    optedOut: knownOptedOut,
  });
  const optedOutError = (): RelayError => new RelayError('OPTED_OUT', 'this browser opted out on this site');
  const handleEvent: typeof callDcs = (params, claimed, sent) =>
    knownOptedOut()
      ? Promise.reject(optedOutError())
      : callDcs(params, claimed, sent).then((result) => {
          // Opted out while the call was in flight, here or on another host of the site (whose
          // tag this page's cannot hear): the answer is not the page's either (its segments, its
          // cookie destinations), and the tag hears of the opt-out (outside review attack15).
          if (knownOptedOut()) throw optedOutError();
          return result;
        });
  const optOutServices: OptOutServices = {
    endpoint: dcs.optOut,
    fetch: window.fetch.bind(window),
    clearStorage: () => {
      remembered?.forget();
      inStorage(() => {
        storage?.clear();
        storage?.setItem(OPTED_OUT_KEY, '1');
      });
      inStorage(() => (document.cookie = `${optedOutCookie}; Max-Age=34560000; Path=/; SameSite=None; Secure; Partitioned`));
    },
  };
  const allowedOrigins = parseAllowedOrigins(boot.allowedOrigins);
  // The tag's first event call, from the URL fragment: it goes out now, during the handshake.
  const bootCall = startBootCall(location.hash, location.ancestorOrigins, allowedOrigins, handleEvent, (fragment) => !seen(BOOTS_KEY, hashOf(fragment), true));
  if (location.hash) {
    try {
      // A reload of this frame must not make the call again.
      history.replaceState(null, '', location.pathname + location.search);
    } catch {
      // Not fatal: the reloaded frame's boot call would only repeat a page view.
    }
  }
  startBridgeServer({
    self: window,
    parent: window.parent,
    allowedOrigins,
    partner: boot.partner,
    dcsOrigin: dcs.origin,
    versions: SUPPORTED_VERSIONS,
    // A call this tab's frames made already (this frame was reloaded while it was in flight,
    // and the tag sends it again): the DCS has its signals; asked again without them, it gives
    // the segments once more and counts nothing twice. Recorded as it goes to the browser: a
    // frame torn down while the call waited in its queue made nothing.
    handleRequest: createRequestHandler({
      handleEvent: (params, sent) => {
        const made = !!params.call && seen(CALLS_KEY, params.call);
        return handleEvent(made ? { ...params, signals: {}, traits: [], url: null } : params, undefined, (taken) => {
          // Refused for now (429, 503) and waiting to go again: not made, until it goes.
          if (params.call) seen(CALLS_KEY, params.call, taken !== false);
          sent?.(taken);
        });
      },
      optOut: (params) => ((optedOut = true), optOut(params, optOutServices)),
      boot: bootCall,
    }),
  });
}

const BOOTS_KEY = 'ar_boots';

/** A record in this frame's memory, for where it has no storage. */
function memoryRecord(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

/** What `run` returns; false where storage throws (blocked, full). */
function inStorage<T>(run: () => T): T | false {
  try {
    return run();
  } catch {
    return false;
  }
}
const CALLS_KEY = 'ar_calls';

/** A short hash of a boot fragment. */
function hashOf(fragment: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < fragment.length; i++) hash = Math.imul(hash ^ fragment.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/**
 * Whether this tab's frames recorded `key` (a boot fragment's hash, a call's ID) in list
 * `list` before; `record` true: record it now if not; false: take it out. Session storage (this
 * frame origin's, per tab and top-level site) keeps the last 20. Without session storage nothing
 * is ever recorded, and every call is made, as before.
 */
function seen(list: string, key: string, record?: boolean): boolean {
  try {
    const keys = (sessionStorage.getItem(list) ?? '').split(' ');
    const known = keys.includes(key);
    if (record !== undefined && known !== record) sessionStorage.setItem(list, (known ? keys.filter((other) => other !== key) : [...keys.slice(-19), key]).join(' ').trim());
    return known;
  } catch {
    // No session storage here (blocked): make the call.
    return false;
  }
}

/** Storage is partitioned when the frame has no unpartitioned storage access. */
async function storagePartitioned(): Promise<boolean | null> {
  try {
    return typeof document.hasStorageAccess === 'function' ? !(await document.hasStorageAccess()) : null;
  } catch {
    return null;
  }
}

function frameStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
