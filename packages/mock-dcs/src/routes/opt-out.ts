import { DCS_MESSAGES, type DcsError } from '../event/dcs-error';
import { readDeclaredIds } from '../event/declared-ids';
import { EncodingError, parseParams } from '../event/parse-params';
import { pixel } from '../http';
import { OPTED_OUT, SYNC_RECORD_COOKIE, isUuid, readCookie, uuidCookie } from '../identity';
import type { Route } from './route';

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
export const optOutRoute: Route = (req, res, { state: { profiles, mids, config }, partner, url }) => {
  const { deviceCookie } = config();
  let params: Map<string, string[]>;
  try {
    params = parseParams(url.search.slice(1));
  } catch {
    return pixel(res, ['311']);
  }
  const first = (key: string): string | undefined => params.get(key)?.[0];
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
  const profile = isUuid(cookie) ? profiles.find(cookie) : undefined;
  if (profile) {
    profile.optedOut = true;
    profile.traits.clear();
  }
  // "we will set demdex=NOTARGET and dextp=NOTARGET cookies" (Data privacy requests): the
  // sync record goes too, so the destination iframe records and fires no ID sync.
  res.setHeader('Set-Cookie', [uuidCookie(OPTED_OUT, deviceCookie, req.headers.host), uuidCookie(OPTED_OUT, { ...deviceCookie, name: SYNC_RECORD_COOKIE }, req.headers.host)]);
  pixel(res, []);
};
