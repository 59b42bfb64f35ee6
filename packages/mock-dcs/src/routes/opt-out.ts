import { pixel } from '../http';
import { OPTED_OUT, isUuid, readCookie, uuidCookie } from '../identity';
import type { Route } from './route';

/** `/demoptout.jpg` opts the device out; `?d_cid=D%01U` opts a declared ID out. */
export const optOutRoute: Route = (req, res, { state: { profiles, config }, url }) => {
  const { deviceCookie } = config();
  const cid = url.searchParams.get('d_cid');
  if (cid !== null) {
    const [dpid, dpuuid] = cid.split('\u0001');
    if (!dpid || !/^\d{1,10}$/.test(dpid) || !dpuuid) return pixel(res, ['300']);
    profiles.optOutDeclared(Number(dpid), dpuuid);
    return pixel(res, []);
  }
  const cookie = readCookie(req.headers.cookie, deviceCookie.name);
  const profile = isUuid(cookie) ? profiles.find(cookie) : undefined;
  if (profile) {
    profile.optedOut = true;
    profile.traits.clear();
  }
  res.setHeader('Set-Cookie', uuidCookie(OPTED_OUT, deviceCookie, req.headers.host));
  pixel(res, []);
};
