import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkConsent } from '../event/consent';
import { DCS_MESSAGES, type DcsError } from '../event/dcs-error';
import { cookiesBlocked } from '../event/cookies-blocked';
import { deviceOptOut } from '../event/device-opt-out';
import { optOutWithoutConsent } from '../event/opt-out-without-consent';
import { readDeclaredIds } from '../event/declared-ids';
import type { MacroContext } from '../event/macros';
import { idSyncs, type IdSync } from '../event/outputs';
import { EncodingError, parseParams } from '../event/parse-params';
import { countryRefusal, locationOf } from '../event/caller-location';
import { callerIp, cors, fromBrowser, sendJson, sendJsonp, text } from '../http';
import { ID_SYNC_TTL_SECONDS, OPT_OUT_TTL_SECONDS, answer, type IdResponseBody } from './id-answer';
import { readIdServiceRequest } from './id-service-request';
import { OPTED_OUT, blobFor, isUuid, midFor, newUuid, readCookie, uuidCookie } from '../identity';
import type { ServerState } from '../server-state';
import { partnerOfDataSource } from './org-partner';

/**
 * `GET /id`: the ID service, Visitor API's first call
 * (`/id?d_visid_ver=5.5.0&d_fieldgroup=MC&d_rtbd=json&d_ver=2&d_orgid=ORG@AdobeOrg&d_nsid=0[&d_mid=…][&d_blob=…][&d_cid_ic=…]&ts=…`,
 * XHR with credentials, or JSONP with `d_cb`). Gives the device its MID for the org, linked
 * to the device ID so `/event` and `/ibs:` recognize the same visitor by `d_mid` alone; the
 * region, a blob, the subdomain of the destination-publishing iframe and the ID syncs to
 * fire there.
 */
export function idRoute(req: IncomingMessage, res: ServerResponse, url: URL, state: ServerState): void {
  const { profiles, mids } = state;
  const config = state.config();
  const request = readIdServiceRequest(req, res, url, state, false, true);
  if (!request) return;
  const { params, first, orgId: sentOrgId } = request;
  const { callback, callbackName } = request;
  // Every answer carries the call's transaction ID (tid), as the DCS's do.
  const reply = (body: IdResponseBody): void => answer(res, callback, body, request.tid);
  // The direct integration's use case 1 ("Direct integration examples", ID service): a MID and
  // a declared ID, no org (`/id?d_mid=1234&d_cid=4444%019876%011&d_ver=2`). The data source
  // of the declared ID names the partner, as Audience Manager answers it.
  const partner = request.partner ?? (sentOrgId === undefined && first('d_mid') !== undefined ? partnerOfDataSource(config, params) : null);
  const orgId = sentOrgId ?? (partner ? (partner.orgId ?? `partner:${partner.name}`) : undefined);
  if (!partner || !orgId) {
    // Adobe's message for error 2 either way ("DCS Error Codes"), with what the emulator could
    // not place: no org, and no declared ID of a configured data source beside the MID.
    const msg = orgId ? DCS_MESSAGES.unknownOrg(orgId) : `${DCS_MESSAGES.unknownOrg('')}(no d_orgid, and no d_cid of a configured data source with the d_mid)`;
    return reply({ error_msg: msg, errors: [{ code: 2, msg }] });
  }

  // The ID service is the DCS: a caller from a country it takes no requests from, or that the
  // partner blocks, gets no ID (199, 198), and the client makes a local one.
  const refusal = countryRefusal(locationOf(config.geo, callerIp(req)), partner.blockedCountries);
  if (refusal) return reply({ error_msg: refusal.msg, errors: [refusal] });

  const errors: DcsError[] = [];
  if (callbackName !== undefined && !callback) errors.push({ code: 0, msg: DCS_MESSAGES.unspecified('invalid d_cb callback name') });
  const base: IdResponseBody = { dcs_region: partner.region, id_sync_ttl: ID_SYNC_TTL_SECONDS, subdomain: partner.name, d_ottl: OPT_OUT_TTL_SECONDS };
  const consent = checkConsent(first('gdpr'), first('gdpr_consent'), partner.vendorId, partner.cmpList);
  if (consent.discarded) errors.push({ code: consent.discarded, msg: consent.discarded === 313 ? DCS_MESSAGES.cmpNotInGcl : DCS_MESSAGES.cmpDeletedInGcl });
  if (!consent.granted) {
    // Without consent nothing is stored and nothing is synced: the client keeps a local ID. And,
    // as on /event, the IAB TCF plug-in opts out the device the call names (its cookie, its
    // d_uuid or the device its d_mid was linked to) and its declared IDs, for good
    // ("Audience Manager Plug-in for IAB TCF"; outside review, session n).
    const named = readCookie(req.headers.cookie, config.deviceCookie.name);
    const sentMid = first('d_mid');
    const device = isUuid(named) ? named : isUuid(first('d_uuid')) ? first('d_uuid') : isUuid(sentMid) ? mids.deviceOf(sentMid) : undefined;
    optOutWithoutConsent(profiles, partner.name, device, readDeclaredIds(params, partner, []));
    const msg = DCS_MESSAGES.noConsent;
    return reply({ ...base, ibs: [], error_msg: msg, errors: [...errors, { code: 315, msg }] });
  }
  const coppa = first('d_coppa') === 'true' || first('d_coppa') === '1';
  const cookie = coppa ? undefined : readCookie(req.headers.cookie, config.deviceCookie.name);
  if (cookie === OPTED_OUT) return reply({ ...base, ibs: [], d_optout: ['global'], ...withErrors(errors) });

  const sentMid = first('d_mid');
  if (sentMid !== undefined && !isUuid(sentMid)) errors.push({ code: 101, msg: DCS_MESSAGES.invalidMid(sentMid) });
  const mid = isUuid(sentMid) ? sentMid : undefined;
  const sentUuid = first('d_uuid');
  if (sentUuid !== undefined && !isUuid(sentUuid)) errors.push({ code: 102, msg: DCS_MESSAGES.invalidUuid(sentUuid) });
  const knownByMid = mid && !coppa ? mids.deviceOf(mid) : undefined;
  const blocked = cookiesBlocked({ fromBrowser: fromBrowser(req), coppa, cookie, uuid: sentUuid, knownByMid, known: (id) => !!profiles.find(id) });
  if (blocked) errors.push(blocked);
  const uuid = (isUuid(cookie) ? cookie : undefined) ?? (isUuid(sentUuid) ? sentUuid : undefined) ?? knownByMid ?? newUuid();
  const answeredMid = mid ?? midFor(orgId, uuid);
  const body: IdResponseBody = { d_mid: answeredMid, d_blob: blobFor(answeredMid, partner.region), ...base, ibs: [] };
  if (coppa) return reply({ ...body, ...withErrors(errors) });

  const declared = readDeclaredIds(params, partner, errors);
  // An opted-out device, or a declared ID opted out, is not processed, as on /event: no ID
  // syncs (they would hand its device ID to partners), no declared ID stored, no cookie, and
  // error 171. Opted out of everything, it is told so as a NOTARGET cookie tells it; opted out
  // of this partner only, it keeps its Experience Cloud ID, which is not Audience Manager's.
  const optOut = deviceOptOut(profiles, uuid, partner.name);
  const optedOutId = declared.find((id) => profiles.isOptedOutDeclared(id.dpid, id.dpuuid));
  if (optOut || optedOutId) {
    const refused = [...errors, { code: 171, msg: DCS_MESSAGES.optedOut(optedOutId?.dpuuid ?? uuid) }];
    if (optOut === 'global') return reply({ ...base, ibs: [], d_optout: ['global'], ...withErrors(refused) });
    return reply({ ...body, ...withErrors(refused) });
  }
  mids.link(answeredMid, uuid);
  const profile = profiles.get(uuid, partner.name);
  for (const id of declared) profiles.declare(profile, id.dpid, id.dpuuid);
  const context: MacroContext = {
    uuid,
    mid: answeredMid,
    region: partner.region,
    secure: state.secure,
    gdprApplies: consent.applies,
    consentString: consent.consentString,
    declared: new Map(declared.map((id) => [id.dpid, id.dpuuid])),
    now: Date.now(),
  };
  body.ibs = idSyncs(partner, context, first('d_nsid'));
  res.setHeader('Set-Cookie', uuidCookie(uuid, config.deviceCookie, req.headers.host));
  state.note(() => `GET /id partner=${partner.name} uuid=${uuid} mid=${answeredMid}${errors.length ? ` errors=${errors.map((e) => e.code)}` : ''}`);
  reply({ ...body, ...withErrors(errors) });
}

function withErrors(errors: DcsError[]): Pick<IdResponseBody, 'errors' | 'error_msg'> {
  return errors.length ? { errors, error_msg: errors.map((e) => e.msg).join('; ') } : {};
}
