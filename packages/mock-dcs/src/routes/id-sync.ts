import { parseParams } from '../event/parse-params';
import { pixel } from '../http';
import { OPTED_OUT, isUuid, newUuid, readCookie, uuidCookie } from '../identity';
import type { Route } from './route';

/** `/ibs:dpid=D&dpuuid=U[&redir=URL]` or `/ibs:d_cid=D%01U`: stores a synced partner ID. */
export const idSyncRoute: Route = (req, res, { state: { profiles, note, mids, config }, partner, rawPath }) => {
  const { deviceCookie } = config();
  let params: Map<string, string[]>;
  try {
    params = parseParams(rawPath.slice('/ibs:'.length).replace(/^\?/, ''));
  } catch {
    return pixel(res, ['311']);
  }
  const [cidDpid, cidUuid] = params.get('d_cid')?.[0]?.split('\u0001') ?? [];
  const dpid = params.get('dpid')?.[0] ?? cidDpid;
  const dpuuid = params.get('dpuuid')?.[0] ?? cidUuid;
  if (!dpid || !/^\d{1,10}$/.test(dpid) || !dpuuid) return pixel(res, ['300']);
  const cookie = readCookie(req.headers.cookie, deviceCookie.name);
  if (cookie === OPTED_OUT) return pixel(res, ['171']);
  // Without the cookie, a d_mid the ID service linked names the device.
  const mid = params.get('d_mid')?.[0];
  const uuid = isUuid(cookie) ? cookie : ((isUuid(mid) ? mids.deviceOf(mid) : undefined) ?? newUuid());
  profiles.sync(profiles.get(uuid, partner.name), Number(dpid), dpuuid);
  res.setHeader('Set-Cookie', uuidCookie(uuid, deviceCookie, req.headers.host));
  note(() => `GET /ibs: uuid=${uuid} dpid=${dpid}`);
  const redir = params.get('redir')?.[0];
  if (redir && /^https?:\/\//.test(redir)) {
    res.writeHead(302, { Location: redir.replace(/\$\{DD_UUID\}/g, uuid), 'Cache-Control': 'no-store' }).end();
    return;
  }
  pixel(res, []);
};
