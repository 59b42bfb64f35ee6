import { pageBeacon } from './beacon';
import { browserBridge } from './bridge/browser-bridge';
import type { AudienceRelayConfig, AudienceRelay, Consent, DebugTools, NormalizedConfig, OutputsValidator } from './types';
import { watchConsent } from './consent/consent';
import { option } from './check';
import { clearCookieDestinations } from './clear-cookie-destinations';
import { destinationsKey, readCookies, removeCookie } from './cookie';
import { debugAsked } from './debug/key';
import { deviceIdCopy, deviceIdKey } from './device-id-copy';
import { FULL, inputError } from './errors';
import { browserPage } from './page';
import { optOutMarker } from './opt-out-marker';
import { claim, owner, release } from './registry';
import { createRelay } from './relay';
import type { Outputs } from './services';
import { reportError } from './safely';
import { segmentCache, segmentCacheKey } from './segment-cache';
import { inStorage } from './in-storage';
import { listen } from './listen';

/** Per page and partner, the CMP reading a withdrawal elsewhere overruled (see `consent/gate.ts`). */
const overrules = new WeakMap<Window, Map<string, { value: Consent | null }>>();

/** The key whose `storage` event tells this origin's other pages we forgot (`tellForgotten`). */
const forgottenKey = (partner: string): string => `ar_forgot_${partner}`;

/**
 * A relay on this page, connected through a hidden iframe on the DCS origin. Several
 * partners may share a page (one iframe each); one partner twice is an error.
 */
export function createOnPage(
  input: AudienceRelayConfig,
  outputs: (config: NormalizedConfig) => Outputs,
  /** `landing`: the page's URL when the page made the `config` the snippet queued. */
  options: { validateOutputs?: OutputsValidator; debugTools(): Promise<DebugTools>; landing?: string | undefined },
): AudienceRelay {
  const { validateOutputs, debugTools, landing } = options;
  let claimed = '';
  // The segment cookie output's name, taken at config: a refusal or an opt-out removes it even
  // on a page that has no segments (another page of the site wrote it).
  let segmentCookie: string | undefined;
  // The page's localStorage, looked up once: the first lookup opens the storage area (a
  // synchronous round trip to the browser process); what throws (blocked) is asked again.
  let opened: Storage | undefined;
  const storage = (): Storage => (opened ??= localStorage);
  const relay = createRelay(input, {
    ...(validateOutputs ? { validateOutputs } : {}),
    bridge: ({ partner, frameUrl, dcsOrigin }) => {
      // The output names too, at config, so a GPT key, Prebid name or cookie another partner
      // claimed is refused on every path, the tag's early GPT path included, not only by the
      // outputs bundle when it loads. Own properties only, as validation reads them.
      const outputs = option(input, 'outputs');
      const section = (name: string, key: string, fallback?: string): string | undefined => {
        const value = option(option(outputs, name), key, option(outputs, name) === undefined ? undefined : fallback);
        return typeof value === 'string' ? value : undefined;
      };
      // One relay per partner on a page: a second (the template's snippet and a tag manager's
      // under another global, or the npm build beside the CDN tag) would mount a second frame
      // and count each page view twice at the DCS.
      if (owner(window, 'partner', partner) !== undefined) throw inputError('config', [`partner "${partner}"${FULL ? ' is already configured on this page (another global or copy of the tag)' : ' taken'}`]);
      const problems = claim(window, partner, [
        ['partner', partner],
        ['outputs.gpt.key', section('gpt', 'key', 'aud')],
        ['outputs.prebid.name', section('prebid', 'name')],
        ['outputs.cookie.name', section('cookie', 'name')],
      ]);
      if (problems.length > 0) throw inputError('config', problems);
      claimed = partner;
      segmentCookie = section('cookie', 'name');
      return browserBridge(window, partner, frameUrl, dcsOrigin);
    },
    deviceIds: ({ partner }) => deviceIdCopy(storage, partner),
    cache: ({ partner, cacheMaxAgeMs }) => segmentCache(storage, partner, cacheMaxAgeMs),
    // A key written and removed at once: other pages of the origin get a `storage` event with
    // its value, which no site's clean-up (`clear()`, a loop of `removeItem`) makes, and the
    // cache need not be on. Nothing stays.
    forgottenElsewhere: ({ partner }, listener) =>
      listen(window, 'storage', (event) => {
        const { key, newValue } = event as StorageEvent;
        if (key === forgottenKey(partner) && newValue !== null) listener();
      }),
    overruled: ({ partner }) => {
      const page = overrules.get(window) ?? overrules.set(window, new Map()).get(window)!;
      return page.get(partner) ?? page.set(partner, { value: null }).get(partner)!;
    },
    tellForgotten: ({ partner }, ifStored) =>
      inStorage(
        storage,
        (s) => {
          // A page refused from its start: nothing to tell of (and nothing written) on a first
          // visit, where neither our storage nor the segment cookie output holds anything.
          const stored = (): boolean => [segmentCacheKey, deviceIdKey, destinationsKey].some((key) => s.getItem(key(partner)) !== null);
          if (ifStored && !stored() && !(segmentCookie && readCookies(document).split('; ').some((pair) => pair.startsWith(`${segmentCookie}=`)))) return;
          s.setItem(forgottenKey(partner), '1');
          s.removeItem(forgottenKey(partner));
        },
        undefined,
      ),
    clearCookies: ({ partner }) => {
      void clearCookieDestinations(document, storage, partner);
      if (segmentCookie && /^[\w-]{1,64}$/.test(segmentCookie)) removeCookie(document, segmentCookie);
    },
    outputs: (config) => {
      try {
        return outputs(config);
      } catch (error) {
        release(window, claimed);
        throw error;
      }
    },
    page: browserPage(window, landing),
    consent: ({ consent }, onChange) => watchConsent(window, consent, onChange),
    optOut: ({ partner }) => optOutMarker(storage, partner, document),
    beacon: pageBeacon(window),
    debugTools,
  });
  if (debugAsked()) relay.debug().then(undefined, reportError);
  const destroy = relay.destroy;
  relay.destroy = () => {
    release(window, claimed);
    destroy();
  };
  return relay;
}
