import { checkConsent } from '../event/consent';
import { DCS_MESSAGES, type DcsError } from '../event/dcs-error';
import { readDeclaredIds } from '../event/declared-ids';
import { deviceOptOut } from '../event/device-opt-out';
import { optOutWithoutConsent } from '../event/opt-out-without-consent';
import { parseParams } from '../event/parse-params';
import { headerSafeUrl } from '../header-safe-url';
import { pixel } from '../http';
import { OPTED_OUT, isUuid, newUuid, readCookie, uuidCookie } from '../identity';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledConfig, CompiledPartner } from '../config';
import type { RouteRequest } from './route';

/**
 * `/ibs:dpid=D&dpuuid=U[&redir=URL]`, `/ibs:d_cid=D%01U` (repeatable), `/ibs:d_cid_ic=CODE%01U`
 * or the deprecated `/ibs:d_dpid=D&d_dpuuid=U`: stores synced partner IDs on the device profile
 * (with `gdpr=1`, only when `gdpr_consent` grants the DCS its purposes and vendor: else 315).
 */
export function idSyncRoute(req: IncomingMessage, res: ServerResponse, { state: { profiles, note, mids, config }, partner: hostPartner, rawPath }: IdSyncRequest): void {
  const { deviceCookie } = config();
  // On a host that names no partner (dpm.), the sync is Audience Manager's own: any data source,
  // global integration codes only, Audience Manager's TCF vendor ID, and no partner to opt out for.
  const partner = hostPartner ?? neutralPartner(config());
  let params: Map<string, string[]>;
  try {
    params = parseParams(rawPath.slice('/ibs:'.length).replace(/^\?/, ''));
  } catch {
    return pixel(res, ['311']);
  }
  // `dpid`/`dpuuid` (how partners' sync URLs say it), or the declared-ID forms: `d_cid`
  // (repeatable), `d_cid_ic`, and the deprecated `d_dpid`/`d_dpuuid` ("CID replaces DPID and DPUUID").
  const errors: DcsError[] = [];
  // An ID sync may name any data source (a vendor's, another partner's): no ownership check.
  const synced = readDeclaredIds(params, partner, errors, { anySource: true, unprefixed: false });
  const dpid = params.get('dpid')?.[0];
  const dpuuid = params.get('dpuuid')?.[0];
  if (dpid !== undefined || dpuuid !== undefined) {
    if (dpid && /^\d{1,10}$/.test(dpid) && dpuuid && dpuuid.length <= 256) synced.unshift({ dpid: Number(dpid), dpuuid });
    else errors.push({ code: 300, msg: DCS_MESSAGES.invalidCustomerId(`${dpid ?? ''}%01${dpuuid ?? ''}`) });
  }
  // "ID Synchronization for Inbound Data Transfers": gdpr (0 or 1) with gdpr_consent, for
  // the IAB TCF plug-in. Without consent nothing is stored, and, as on /event, the device the
  // sync names (its cookie, or the device its d_mid was linked to) and the synced IDs are opted
  // out for good ("Does not honor partner-initiated ID syncs. Opts out the user from further
  // data collection": "Audience Manager Plug-in for IAB TCF"; outside review, session n).
  const cookie = readCookie(req.headers.cookie, deviceCookie.name);
  // Without the cookie, a d_mid the ID service linked names the device.
  const mid = params.get('d_mid')?.[0];
  const named = isUuid(cookie) ? cookie : isUuid(mid) ? mids.deviceOf(mid) : undefined;
  if (!checkConsent(params.get('gdpr')?.[0], params.get('gdpr_consent')?.[0], partner.vendorId, partner.cmpList).granted) {
    // The plug-in "drops the call completely if there is no partner context detected" (315).
    if (hostPartner) optOutWithoutConsent(profiles, partner.name, named, synced);
    return pixel(res, ['315']);
  }
  if (synced.length === 0) return pixel(res, errors.length ? [...new Set(errors.map((e) => String(e.code)))] : ['300']);
  // An opted-out device (NOTARGET, or opted out for good where its cookie does not say so: by
  // d_uuid, d_mid, a declared ID or a refused consent) syncs nothing and is sent nowhere.
  if (cookie === OPTED_OUT || deviceOptOut(profiles, named, partner.name)) return pixel(res, ['171']);
  const uuid = named ?? newUuid();
  const profile = hostPartner ? profiles.get(uuid, hostPartner.name) : profiles.get(uuid);
  for (const id of synced) profiles.sync(profile, id.dpid, id.dpuuid);
  res.setHeader('Set-Cookie', uuidCookie(uuid, deviceCookie, req.headers.host));
  note(() => `GET /ibs: uuid=${uuid} dpid=${synced.map((id) => id.dpid).join(',')}`);
  // The parser splits values on commas; a URL keeps its commas.
  const redir = params.get('redir')?.join(',');
  if (redir && /^https?:\/\//.test(redir)) {
    res.writeHead(302, { Location: headerSafeUrl(redir.replace(/\$\{DD_UUID\}/g, uuid)), 'Cache-Control': 'no-store' }).end();
    return;
  }
  pixel(res, [...new Set(errors.map((e) => String(e.code)))]);
}

/** An ID sync request: the partner its host names, or null on a host that names none (dpm.). */
export type IdSyncRequest = Omit<RouteRequest, 'partner'> & { partner: CompiledPartner | null };

/**
 * The partner context of a sync on a host that names no partner: no data sources of its own (an
 * ID sync may name any), Audience Manager's TCF vendor ID (565), the Global CMP List, a name
 * no partner can have (partner names are lowercase letters, digits and "-").
 */
function neutralPartner(config: CompiledConfig): CompiledPartner {
  const any = config.partners.values().next().value;
  return {
    name: '(none)',
    allowedOrigins: new Set(),
    region: 7,
    orgId: null,
    vendorId: 565,
    allowedReferrerHosts: null,
    rateLimitPerSecond: null,
    blockedCountries: new Set(),
    ctsEnabled: true,
    dataSources: new Map(),
    declaresDataSources: false,
    traits: [],
    segments: [],
    destinations: [],
    cookieDestinations: [],
    idSyncs: [],
    contentProviders: [],
    cmpList: any?.cmpList ?? null,
  };
}
