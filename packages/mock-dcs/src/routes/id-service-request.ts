import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledPartner } from '../config';
import { DCS_MESSAGES } from '../event/dcs-error';
import { EncodingError, parseParams } from '../event/parse-params';
import { cors, text } from '../http';
import { newTid } from '../identity';
import type { ServerState } from '../server-state';
import { answer } from './id-answer';
import { hostPartner, partnerForOrg } from './org-partner';

/** An ID service request (`/id`, `/optOutStatus`) read, with the partner its org or host names. */
export interface IdServiceRequest {
  /** The query, every value of each key. */
  params: Map<string, string[]>;
  /** The first value of a query key. */
  first(key: string): string | undefined;
  orgId: string | undefined;
  /** The partner of `d_orgid`; without one, the host's when `hostFallback`. */
  partner: CompiledPartner | null;
  /** This answer's transaction ID (`tid`), when the endpoint gives one. */
  tid: string | undefined;
  /** The JSONP callback (`d_cb`), when it is a valid name. */
  callback: string | null;
  callbackName: string | undefined;
}

/**
 * What the ID service endpoints share before their own work: the query (error 311 when it is
 * not well encoded), the partner by org (Visitor's `d_orgid`) or by host, CORS for it, the
 * preflight and the methods. Null when it has answered already.
 */
export function readIdServiceRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  state: ServerState,
  hostFallback: boolean,
  /** Give the answer a transaction ID (`/id`, as the DCS does). */
  withTid = false,
): IdServiceRequest | null {
  const config = state.config();
  const tid = withTid ? newTid() : undefined;
  const hinted = hostPartner(config, req.headers.host);
  let params: Map<string, string[]>;
  try {
    params = parseParams(url.search.slice(1));
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    if (hinted) cors(req, res, hinted);
    const msg = DCS_MESSAGES.invalidParameters(error.message);
    answer(res, null, { error_msg: msg, errors: [{ code: 311, msg }] }, tid);
    return null;
  }
  const first = (key: string): string | undefined => params.get(key)?.[0];
  const orgId = first('d_orgid');
  const partner = orgId ? partnerForOrg(config, hinted, orgId) : hostFallback ? hinted : null;
  const corsPartner = partner ?? hinted;
  if (corsPartner) cors(req, res, corsPartner);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Max-Age': '600' }).end();
    return null;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    text(res, 405, 'method not allowed');
    return null;
  }
  const callbackName = first('d_cb');
  const callback = callbackName !== undefined && /^[A-Za-z0-9_.$[\]]{1,100}$/.test(callbackName) ? callbackName : null;
  return { params, first, orgId, partner, tid, callback, callbackName };
}
