import type { IncomingMessage, ServerResponse } from 'node:http';
import { DCS_MESSAGES } from '../event/dcs-error';
import { deviceOptOut } from '../event/device-opt-out';
import { EncodingError, parseParams } from '../event/parse-params';
import { cors, text } from '../http';
import { OPTED_OUT, isUuid, readCookie } from '../identity';
import type { ServerState } from '../server-state';
import { OPT_OUT_TTL_SECONDS, answer } from './id-answer';
import { readIdServiceRequest } from './id-service-request';
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
  const request = readIdServiceRequest(req, res, url, state, true);
  if (!request) return;
  const { orgId, partner, callback } = request;
  if (orgId !== undefined && !partner) {
    const msg = DCS_MESSAGES.unknownOrg(orgId);
    return answer(res, callback, { error_msg: msg, errors: [{ code: 2, msg }] });
  }
  // NOTARGET in the cookie, or a device opted out of everything that the call names otherwise
  // (where the cookie does not reach the DCS: its d_uuid, or the device its d_mid was linked to).
  const cookie = readCookie(req.headers.cookie, config.deviceCookie.name);
  const sentMid = request.first('d_mid');
  const device = isUuid(cookie) ? cookie : isUuid(request.first('d_uuid')) ? request.first('d_uuid') : isUuid(sentMid) ? state.mids.deviceOf(sentMid) : undefined;
  const optedOut = cookie === OPTED_OUT || deviceOptOut(state.profiles, device, partner?.name ?? '') === 'global';
  answer(res, callback, { ...(optedOut ? { d_optout: ['global'] } : {}), d_ottl: OPT_OUT_TTL_SECONDS });
}
