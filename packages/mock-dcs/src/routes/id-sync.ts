import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseParams } from '../event/parse-params';
import { pixel } from '../http';
import type { MidLinks } from '../event/identity-keys';
import { DEFAULT_DEVICE_COOKIE, OPTED_OUT, isUuid, newUuid, readCookie, uuidCookie, type DeviceCookieSettings } from '../identity';
import type { ProfileStore } from '../profiles';

export interface IdentityRouteDeps {
  profiles: ProfileStore;
  /** Logs the line the function builds, if anyone listens. */
  note(line: () => string): void;
  /** The device cookie's name and domain (default `demdex`, host-only). */
  deviceCookie?: DeviceCookieSettings;
  /** MID → device links: an ID sync carrying `d_mid` but no cookie lands on the MID's device. */
  mids?: MidLinks;
}

/** `/ibs:dpid=D&dpuuid=U[&redir=URL]` or `/ibs:d_cid=D%01U`: stores a synced partner ID. */
export function handleIdSync(req: IncomingMessage, res: ServerResponse, rest: string, { profiles, note, deviceCookie = DEFAULT_DEVICE_COOKIE, mids }: IdentityRouteDeps): void {
  let params: Map<string, string[]>;
  try {
    params = parseParams(rest.replace(/^\?/, ''));
  } catch {
    return pixel(res, ['311']);
  }
  const [cidDpid, cidUuid] = params.get('d_cid')?.[0]?.split('\u0001') ?? [];
  const dpid = params.get('dpid')?.[0] ?? cidDpid;
  const dpuuid = params.get('dpuuid')?.[0] ?? cidUuid;
  if (!dpid || !/^\d{1,10}$/.test(dpid) || !dpuuid) return pixel(res, ['300']);
  const cookie = readCookie(req.headers.cookie, deviceCookie.name);
  if (cookie === OPTED_OUT) return pixel(res, ['171']);
  const mid = params.get('d_mid')?.[0];
  const uuid = isUuid(cookie) ? cookie : ((isUuid(mid) ? mids?.deviceOf(mid) : undefined) ?? newUuid());
  profiles.sync(profiles.get(uuid), Number(dpid), dpuuid);
  res.setHeader('Set-Cookie', uuidCookie(uuid, deviceCookie, req.headers.host));
  note(() => `GET /ibs: uuid=${uuid} dpid=${dpid}`);
  const redir = params.get('redir')?.[0];
  if (redir && /^https?:\/\//.test(redir)) {
    res.writeHead(302, { Location: redir.replace(/\$\{DD_UUID\}/g, uuid), 'Cache-Control': 'no-store' }).end();
    return;
  }
  pixel(res, []);
}

/** `/demoptout.jpg` opts the device out; `?d_cid=D%01U` opts a declared ID out. */
export function handleOptOut(req: IncomingMessage, res: ServerResponse, url: URL, { profiles, deviceCookie = DEFAULT_DEVICE_COOKIE }: IdentityRouteDeps): void {
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
}
