/** An entry of the response's `errors[]` (and of the `X-Error` header). */
export interface DcsError {
  code: number;
  msg: string;
}

/**
 * Error 172's message: "Blocked cookies", as the error table words it, then the emulator's
 * detail after a colon, as for the other messages. Audience Manager returns 172 when the browser blocks third-party
 * cookies; a DCS can only see that when a device it gave a cookie comes back, identified by
 * `d_uuid` or `d_mid`, without it. A first visit has no cookie yet and is no such case.
 */
export const THIRD_PARTY_COOKIES_BLOCKED =
  'Blocked cookies: this device (known by d_uuid or d_mid) was given a device cookie before, and the browser\'s call came without it';

/** A caller's value inside a message: at most 100 characters, the `%01` separator shown as such. */
const shown = (value: string): string => value.replace(/\u0001/g, '%01').slice(0, 100);

/**
 * Error messages as Audience Manager words them ("DCS error codes, messages, and examples"),
 * with the variable part (host, ID, org) filled in; a detail of the emulator's own follows
 * after a colon where the documented message alone would not say what was wrong.
 */
export const DCS_MESSAGES = {
  /** Error 0, with the emulator's detail. */
  unspecified: (detail: string) => `Unspecified error: ${detail}`,
  /** Error 10: a real-time content provider failed (timed out, answered badly). */
  unableToEvaluateTraits: (detail: string) => `Unable to evaluate traits: ${detail}`,
  noHost: 'Could not retrieve host name for the request',
  unknownHost: (host: string) => `Could not find config for hostname: ${shown(host)}`,
  unknownOrg: (orgId: string) => `Invalid d_orgid value (could not find a config for this org id): ${shown(orgId)}`,
  invalidMid: (mid: string) => `Invalid Experience Cloud id passed in ${shown(mid)}`,
  invalidUuid: (uuid: string) => `Invalid AAM ID passed in request ${shown(uuid)}`,
  allCustomerIdsInvalid: 'All customer IDs are invalid',
  refererNotAllowed: (referer: string, partner: string) => `Referer ${shown(referer)} is not allowed for partner ${partner}`,
  optedOut: (id: string) => `Encountered opt out tag for id ${shown(id)}`,
  invalidCustomerId: (id: string) => `Invalid customer id ${shown(id)}`,
  foreignDataSource: (id: string, dpid: number, partner: string) =>
    `Invalid customer id ${shown(id)}: data source ${dpid} is not one of partner ${partner}'s (its dataSources)`,
  tooManyCustomerIds: (allowed: number, found: number) => `Maximum number of customer ids exceeded. Maximum allowed is ${allowed}. Found is ${found}.`,
  customerIdDiscarded: (id: string) => `Customer id ${shown(id)} was discarded because it exceeded the limit of declared customer ids per request`,
  namespaceLimit: (dpid: number, id: string) => `Customer id was discarded because it exceeded the limit for a given namespace. Namespace id is ${dpid}, customer id is ${shown(id)}.`,
  invalidParameters: (detail: string) => `Request contains invalid parameters: ${detail}`,
  invalidGlobalDeviceId: (dpid: number, id: string) => `Request contains an invalid Global Device ID: ${shown(id)} for data source ${dpid}`,
  noConsent: 'Consent string indicates no consent',
  /** Error 198, with the country the emulator placed the caller in (its `geo` config). */
  countryBlockedByPartner: (country: string) => `Requests from this country are blocked by partner: ${shown(country)}`,
  /** Error 199, with the country the emulator placed the caller in (its `geo` config). */
  countryNotAllowed: (country: string) => `Requests from this country are not allowed: ${shown(country)}`,
  cmpNotInGcl: 'CMP ID is not present in GCL',
  cmpDeletedInGcl: 'CMP ID is marked as deleted in GCL',
  postBodyNotForm: (type: string) =>
    `Unspecified error: POST body ignored: its Content-Type is "${shown(type) || 'none'}", not application/x-www-form-urlencoded (DCS API Methods)`,
} as const;
