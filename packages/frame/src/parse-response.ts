import { MAX_COOKIES, MAX_RESULT_IDS, isCookieDestination, own, type CookieDestination, type EventResult } from '@audience-relay/protocol';
import { parseDestinations, type Destination } from './destinations';
import { parseIdSyncs, type IdSync } from './id-syncs';
import { UUID } from './identity';

/** A DCS answer split into what goes to the tag and what the frame acts on itself. */
export interface ParsedResponse {
  /** For the tag; the frame adds `identity`. */
  result: Omit<EventResult, 'identity'>;
  idSyncs: IdSync[];
  destinations: Destination[];
  /** `dcs_region`: the DCS region that answered (its ID syncs are kept per region), or null. */
  region: number | null;
}

/**
 * Turns an untrusted `/event` JSON body into an {@link EventResult} and the ID syncs to fire: types checked, sizes
 * capped, unknown fields dropped. Only own properties are read, so a body such as
 * `{"__proto__": {...}}` cannot smuggle anything in. Returns null when the body is not a
 * DCS answer at all.
 */
export function parseEventResponse(body: unknown, secure = true): ParsedResponse | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const uuid = own(body, 'uuid');
  const region = own(body, 'dcs_region');
  return {
    result: {
      uuid: typeof uuid === 'string' && UUID.test(uuid) ? uuid : null,
      segments: idList(own(body, 'segments')).map(String),
      traits: idList(own(body, 'traits')),
      cookies: parseCookieDestinations(own(body, 'stuff')),
      // Why an answer is empty, as the DCS says it ("DCS Error Codes"): the codes only.
      errors: errorCodes(own(body, 'errors')),
      // No list at all (not an empty one): the account does not return them (d_cts).
      ...(Array.isArray(own(body, 'segments')) || Array.isArray(own(body, 'traits')) ? {} : { listed: false as const }),
    },
    idSyncs: parseIdSyncs(own(body, 'ibs')),
    destinations: parseDestinations(own(body, 'dests'), secure),
    region: Number.isSafeInteger(region) && (region as number) >= 0 ? (region as number) : null,
  };
}

function errorCodes(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const codes = value.slice(0, 50).map((item) => own(item, 'code'));
  return [...new Set(codes.filter((code): code is number => Number.isSafeInteger(code) && (code as number) >= 0))].slice(0, 10);
}

function idList(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const ids = new Set<number>();
  for (const item of value.slice(0, MAX_RESULT_IDS)) {
    const id = typeof item === 'string' && /^\d{1,15}$/.test(item) ? Number(item) : item;
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) ids.add(id);
  }
  return [...ids];
}

/**
 * Cookie destinations (`stuff`) for the tag to write on the host page. An entry with a
 * `ttl` of 0 (or not a number) is not written, per the protocol; any entry whose name,
 * value or domain could carry cookie attributes is dropped.
 */
function parseCookieDestinations(value: unknown): CookieDestination[] {
  if (!Array.isArray(value)) return [];
  const cookies: CookieDestination[] = [];
  for (const item of value.slice(0, MAX_COOKIES)) {
    const dmn = own(item, 'dmn');
    const cookie = { name: own(item, 'cn'), value: own(item, 'cv'), days: own(item, 'ttl'), domain: typeof dmn === 'string' ? dmn : '' };
    if (isCookieDestination(cookie)) cookies.push(cookie);
  }
  return cookies;
}
