import type { CompiledPartner } from '../config';
import { DCS_MESSAGES, type DcsError } from './dcs-error';

export interface DeclaredId {
  dpid: number;
  dpuuid: string;
  authState?: string;
}

const MAX_PER_CALL = 10;
const MAX_PER_SOURCE = 3;
const UPPER_UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// "Alphanumeric strings" in the documentation; hyphens allowed, as these IDs are often GUIDs.
const ALPHANUMERIC = /^[A-Za-z0-9-]{1,100}$/;
/**
 * Audience Manager's global data sources and the formats it validates ("Index of IDs in
 * Audience Manager"): IDFA (20915) uppercase 8-4-4-4-12 hexadecimal; GAID (20914), Roku RIDA
 * (121963), Amazon Fire TV (488258) and LG webOS (1171485) lowercase; Microsoft MAID
 * (389146), Samsung TIFA (963906) and Vizio IFA (1171489) alphanumeric. Every partner may
 * declare them.
 */
const GLOBAL_DEVICE_IDS: Record<number, RegExp> = {
  20915: UPPER_UUID,
  20914: LOWER_UUID,
  121963: LOWER_UUID,
  488258: LOWER_UUID,
  1171485: LOWER_UUID,
  389146: ALPHANUMERIC,
  963906: ALPHANUMERIC,
  1171489: ALPHANUMERIC,
};
/**
 * `AVID`: the integration code Adobe's Visitor API sends the legacy Analytics ID under
 * (`d_cid_ic=AVID%01<AID>` on every /id call of a visitor who has one), valid for every
 * partner. It is not a customer ID of any partner data source: it takes no place among the
 * ten, and no data source keeps it. Its format is the one Visitor checks (hexadecimal and
 * hyphens).
 */
const ANALYTICS_ID_CODE = 'AVID';
const ANALYTICS_ID = /^[0-9A-Fa-f-]{1,100}$/;
/**
 * Adobe's own data sources that Adobe's clients declare IDs in for every org, so for every
 * partner: 20920, the push data source Adobe's mobile SDK declares the app's push token in
 * (`d_cid=20920%01<token>` on /id after MobileCore.setPushIdentifier; adobe/aepsdk-core-ios,
 * AEPIdentity MCPNS_DPID). The SDK reads any `error_msg` as a failed call, so an error 300 for
 * it would cost the app its blob and region on every push sync.
 */
const ADOBE_DATA_SOURCES: ReadonlySet<number> = new Set([20920]);
/** The integration codes Audience Manager documents for the mobile global data sources ("CID replaces DPID and DPUUID"). */
const GLOBAL_INTEGRATION_CODES: Record<string, number> = { DSID_20914: 20914, DSID_20915: 20915 };

/**
 * Declared (customer) IDs of one call, from `d_cid=DPID%01DPUUID[%01AUTH]`, `d_cid_ic=CODE%01DPUUID[%01AUTH]`
 * and the legacy `d_dpid` + `d_dpuuid`. Applies the protocol limits: at most 10 per call
 * (301, then 309 per dropped ID) and 3 per data source (310); invalid IDs are 300 (312 for
 * malformed global device IDs), and so is an ID in a data source the partner does not have
 * (unless `anySource`, or the partner's config lists no `dataSources`); when every ID given is
 * invalid, 104.
 */
export function readDeclaredIds(
  params: Map<string, string[]>,
  partner: CompiledPartner,
  errors: DcsError[],
  /** `unprefixed`: read `dpid`/`dpuuid` as the deprecated pair (not on `/ibs:`, where they are the sync's own ID). */
  { anySource = false, unprefixed = true }: { anySource?: boolean; unprefixed?: boolean } = {},
): DeclaredId[] {
  // Each ID as given (for the error messages) and as read (null: invalid).
  // `shown`: as Adobe's error 300 names it, the data source, a colon, the ID ("Invalid customer
  // id 123456:" for an empty ID, knowledge base KA-19442); the raw value where no data source is known.
  const candidates: Array<{ raw: string; id: DeclaredId | null; shown?: string }> = [];
  for (const raw of params.get('d_cid') ?? []) {
    // The third field is the authenticated state, as on d_cid_ic ("Direct integration with the
    // Experience Cloud Identity Service": d_cid=123%01456%011).
    const [dpid, dpuuid, authState, ...rest] = raw.split('\u0001');
    const id = rest.length === 0 ? toId(dpid, dpuuid) : null;
    if (id && authState !== undefined) id.authState = authState;
    candidates.push({ raw, id, ...(dpid && /^\d{1,10}$/.test(dpid) ? { shown: `${dpid}:${dpuuid ?? ''}` } : {}) });
  }
  for (const raw of params.get('d_cid_ic') ?? []) {
    const [code, dpuuid, authState, ...rest] = raw.split('\u0001');
    if (code === ANALYTICS_ID_CODE && dpuuid !== undefined && ANALYTICS_ID.test(dpuuid) && rest.length === 0) continue;
    const source = [...partner.dataSources.values()].find((s) => s.integrationCode !== undefined && s.integrationCode === code)?.id ?? (code !== undefined && Object.hasOwn(GLOBAL_INTEGRATION_CODES, code) ? GLOBAL_INTEGRATION_CODES[code] : undefined);
    const id = rest.length === 0 && source !== undefined ? toId(String(source), dpuuid) : null;
    if (id && authState !== undefined) id.authState = authState;
    candidates.push({ raw, id, ...(source !== undefined ? { shown: `${source}:${dpuuid ?? ''}` } : {}) });
  }
  // The deprecated pair, with or without its `d_` ("The DPID and DPUUID variables will continue
  // to work … This includes DPID and DPUUID variants without the d_ prefix": "CID Replaces DPID
  // and DPUUID", for event calls, ID syncs and ID calls).
  const legacyDpid = (params.get('d_dpid') ?? (unprefixed ? params.get('dpid') : undefined))?.[0];
  const legacyDpuuid = (params.get('d_dpuuid') ?? (unprefixed ? params.get('dpuuid') : undefined))?.[0];
  if (legacyDpid !== undefined || legacyDpuuid !== undefined) candidates.push({ raw: `${legacyDpid ?? ''}\u0001${legacyDpuuid ?? ''}`, id: toId(legacyDpid, legacyDpuuid) });

  if (candidates.length === 0) return [];
  const valid: DeclaredId[] = [];
  for (const { raw, id, shown } of candidates) {
    if (!id) {
      errors.push({ code: 300, msg: DCS_MESSAGES.invalidCustomerId(shown ?? raw) });
      continue;
    }
    const pattern = GLOBAL_DEVICE_IDS[id.dpid];
    if (pattern && !pattern.test(id.dpuuid)) {
      errors.push({ code: 312, msg: DCS_MESSAGES.invalidGlobalDeviceId(id.dpid, id.dpuuid) });
      continue;
    }
    // Error 300 covers an "unauthorized access attempt to a data source that does not belong to
    // the partner" ("DCS error codes"): a d_cid (or d_dpid) naming a data source the partner
    // does not have is thrown away, as d_cid_ic with an unknown integration code is. A partner
    // configured without a `dataSources` list keeps the emulator's older leniency (any DPID).
    if (!anySource && !pattern && partner.declaresDataSources === true && !partner.dataSources.has(id.dpid) && !ADOBE_DATA_SOURCES.has(id.dpid)) {
      errors.push({ code: 300, msg: DCS_MESSAGES.foreignDataSource(raw, id.dpid, partner.name) });
      continue;
    }
    valid.push(id);
  }
  if (valid.length === 0) {
    errors.push({ code: 104, msg: DCS_MESSAGES.allCustomerIdsInvalid });
    return [];
  }
  if (valid.length > MAX_PER_CALL) {
    errors.push({ code: 301, msg: DCS_MESSAGES.tooManyCustomerIds(MAX_PER_CALL, valid.length) });
    for (const dropped of valid.splice(MAX_PER_CALL)) errors.push({ code: 309, msg: DCS_MESSAGES.customerIdDiscarded(`${dropped.dpid}\u0001${dropped.dpuuid}`) });
  }
  const perSource = new Map<number, number>();
  return valid.filter((id) => {
    const count = (perSource.get(id.dpid) ?? 0) + 1;
    perSource.set(id.dpid, count);
    if (count <= MAX_PER_SOURCE) return true;
    errors.push({ code: 310, msg: DCS_MESSAGES.namespaceLimit(id.dpid, id.dpuuid) });
    return false;
  });
}

function toId(dpid: string | undefined, dpuuid: string | undefined): DeclaredId | null {
  if (!dpid || !/^\d{1,10}$/.test(dpid) || !dpuuid || dpuuid.length > 256) return null;
  return { dpid: Number(dpid), dpuuid };
}
