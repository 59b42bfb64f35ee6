import type { IncomingMessage, ServerResponse } from 'node:http';
import { DCS_MESSAGES } from '../event/dcs-error';
import { EncodingError, parseParams } from '../event/parse-params';
import { cors, text } from '../http';
import { OPTED_OUT, readCookie } from '../identity';
import type { ServerState } from '../server-state';
import { OPT_OUT_TTL_SECONDS, answer } from './id';
import { hostPartner, partnerForOrg } from './org-partner';

/**
 * `GET /optOutStatus`: the ID service's read-only opt-out check. Visitor API 5.x calls it
 * instead of `/id` while opt-in applies and the visitor has not approved ECID (its `getOptOut`,
 * `isOptedOut` and `getVisitorValues` wait on it): the `/id` query with the path swapped, by
 * XHR with credentials. It stores nothing and sets no cookie. The answer is what Visitor
 * reads from `/id` for opt-out: `d_optout: ["global"]` for an opted-out device (none
 * otherwise) and `d_ottl`, how long it may keep the status (seconds).
 */
export function optOutStatusRoute(req: IncomingMessage, res: ServerResponse, url: URL, state: ServerState): void {
  const config = state.config();
  const hinted = hostPartner(config, req.headers.host);
  let params: Map<string, string[]>;
  try {
    params = parseParams(url.search.slice(1));
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    if (hinted) cors(req, res, hinted);
    const msg = DCS_MESSAGES.invalidParameters(error.message);
    return answer(res, null, { error_msg: msg, errors: [{ code: 311, msg }] });
  }
  const first = (key: string): string | undefined => params.get(key)?.[0];
  const orgId = first('d_orgid');
  const partner = orgId ? partnerForOrg(config, hinted, orgId) : hinted;
  const corsPartner = partner ?? hinted;
  if (corsPartner) cors(req, res, corsPartner);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Max-Age': '600' }).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed');
  const callbackName = first('d_cb');
  const callback = callbackName !== undefined && /^[A-Za-z0-9_.$[\]]{1,100}$/.test(callbackName) ? callbackName : null;
  if (orgId !== undefined && !partner) {
    const msg = DCS_MESSAGES.unknownOrg(orgId);
    return answer(res, callback, { error_msg: msg, errors: [{ code: 2, msg }] });
  }
  const optedOut = readCookie(req.headers.cookie, config.deviceCookie.name) === OPTED_OUT;
  answer(res, callback, { ...(optedOut ? { d_optout: ['global'] } : {}), d_ottl: OPT_OUT_TTL_SECONDS });
}
