import { DCS_MESSAGES, type DcsError } from '../event/dcs-error';
import { readDeclaredIds } from '../event/declared-ids';
import { EncodingError, parseParams } from '../event/parse-params';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pixel, sendJson } from '../http';
import { OPTED_OUT, SYNC_RECORD_COOKIE, isUuid, readCookie, uuidCookie } from '../identity';
import type { ServerState } from '../server-state';
import { hostPartner, partnerForOrg } from './org-partner';

/**
 * `/demoptout.jpg` (or `/demoptout`), in every form Audience Manager documents ("Data privacy
 * requests", "Declared IDs: opt-out calls"):
 * - declared IDs (`d_cid`, repeatable; `d_cid_ic`; legacy `d_dpid` + `d_dpuuid`): each ID is
 *   opted out (later calls with it get 171), and so is, for this partner, the device it was
 *   last seen on (`d_uuid` when given wins; else the cookie's device, if any);
 * - a device ID, `d_uuid` or `d_mid` (+ `d_orgid`, the device the ID service linked it to):
 *   that device is opted out for this partner; no cookie changes (it is often a
 *   server-to-server call);
 * - neither: the cookie's device opts out of everything, and the device cookie and the
 *   `dextp` sync record both become `NOTARGET`.
 */
export function optOutRoute(req: IncomingMessage, res: ServerResponse, url: URL, state: ServerState): void {
  const { profiles, mids } = state;
  const config = state.config();
  const { deviceCookie } = config;
  let params: Map<string, string[]>;
  try {
    params = parseParams(url.search.slice(1));
  } catch {
    return pixel(res, ['311']);
  }
  const first = (key: string): string | undefined => params.get(key)?.[0];
  // The partner the host names; on a host that names none (Adobe's `www.demdex.net` global
  // opt-out, the mobile SDK's `dpm.demdex.net/demoptout.jpg?d_orgid=…&d_mid=…`), the org's, as
  // the ID service finds it. A call that names no ID opts the cookie's device out of
  // everything, which needs no partner.
  const orgId = first('d_orgid');
  const partner = hostPartner(config, req.headers.host) ?? (orgId ? partnerForOrg(config, null, orgId) : null);
  if (!partner) {
    if (!ID_KEYS.some((key) => params.has(key))) return optOutEverywhere(req, res, state);
    const error = orgId !== undefined ? { code: 2, msg: DCS_MESSAGES.unknownOrg(orgId) } : { code: 1, msg: DCS_MESSAGES.unknownHost(req.headers.host ?? '') };
    return sendJson(res, 200, { stuff: [], errors: [error] }, [String(error.code)]);
  }
  const errors: DcsError[] = [];
  const sentUuid = first('d_uuid');
  if (sentUuid !== undefined && !isUuid(sentUuid)) errors.push({ code: 102, msg: DCS_MESSAGES.invalidUuid(sentUuid) });
  const sentMid = first('d_mid');
  if (sentMid !== undefined && !isUuid(sentMid)) errors.push({ code: 101, msg: DCS_MESSAGES.invalidMid(sentMid) });
  // A device ID that names no device: nobody is opted out. Of declared IDs, the valid ones
  // are (an invalid or dropped one is reported, as on /event).
  if (errors.length > 0) return pixel(res, errors.map((e) => String(e.code)));
  const declared = readDeclaredIds(params, partner, errors);
  const codes = [...new Set(errors.map((e) => String(e.code)))];

  const cookie = readCookie(req.headers.cookie, deviceCookie.name);
  const optOutDevice = (uuid: string): void => {
    const profile = profiles.get(uuid, partner.name);
    (profile.optedOutPartners ??= new Set()).add(partner.name);
    profile.traits.clear();
  };
  if (declared.length > 0) {
    for (const id of declared) {
      const device = (isUuid(sentUuid) ? sentUuid : undefined) ?? profiles.deviceOf(id.dpid, id.dpuuid) ?? (isUuid(cookie) ? cookie : undefined);
      profiles.optOutDeclared(id.dpid, id.dpuuid);
      if (device) optOutDevice(device);
    }
    // No cookie is set: the frame sends this call beside the device opt-out, and an answer
    // arriving after that one's NOTARGET must not replace it.
    return pixel(res, codes);
  }
  if (codes.length > 0) return pixel(res, codes);
  if (isUuid(sentUuid) || isUuid(sentMid)) {
    const device = isUuid(sentUuid) ? sentUuid : mids.deviceOf(sentMid as string);
    if (device) optOutDevice(device);
    return pixel(res, []);
  }
  optOutEverywhere(req, res, state);
}

/** The keys by which an opt-out names whom it is for; without any, it is the cookie's device. */
const ID_KEYS = ['d_uuid', 'd_mid', 'd_cid', 'd_cid_ic', 'd_dpid', 'd_dpuuid', 'dpid', 'dpuuid'];

/** The cookie's device opts out of everything: the global opt-out ("Data privacy requests"). */
function optOutEverywhere(req: IncomingMessage, res: ServerResponse, state: ServerState): void {
  const { deviceCookie } = state.config();
  const cookie = readCookie(req.headers.cookie, deviceCookie.name);
  const profile = isUuid(cookie) ? state.profiles.find(cookie) : undefined;
  if (profile) {
    profile.optedOut = true;
    profile.traits.clear();
  }
  // "we will set demdex=NOTARGET and dextp=NOTARGET cookies" (Data privacy requests): the
  // sync record goes too, so the destination iframe records and fires no ID sync.
  res.setHeader('Set-Cookie', [uuidCookie(OPTED_OUT, deviceCookie, req.headers.host), uuidCookie(OPTED_OUT, { ...deviceCookie, name: SYNC_RECORD_COOKIE }, req.headers.host)]);
  pixel(res, []);
}
