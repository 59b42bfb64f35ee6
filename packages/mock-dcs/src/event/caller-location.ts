import { DCS_MESSAGES, type DcsError } from './dcs-error';

/**
 * Where a caller is, as a DCS looks it up from the caller's IP address. Audience Manager
 * matches addresses to "geographic and demographic data" (Digital Envoy's) and makes them the
 * platform-level keys of "Geotargeting With Platform-level Keys"; the emulator has no such
 * database, so its config says where a caller is (`geo`).
 */
export interface CallerLocationConfig {
  /** ISO 3166 country code (`d_country`; the United Kingdom answers `UK`, as Audience Manager targets it). */
  country?: string;
  city?: string;
  region?: string;
  state?: string;
  dma_code?: string | number;
  postal_code?: string | number;
  area_code?: string | number;
  lat?: string | number;
  long?: string | number;
  isp?: string;
}

/** A caller's location, compiled: its ISO country (upper case), and the signals it makes. */
export interface CallerLocation {
  country: string | null;
  signals: ReadonlyArray<readonly [string, string]>;
}

/** IP address (or `*`, any other) → location. */
export type GeoTable = ReadonlyMap<string, CallerLocation>;

/**
 * The platform-level keys "defined by IP address", in the order of Adobe's list of all
 * location-based signals (`d_country,d_city,d_region,d_state,d_dma_code,d_postal_code,d_area_code,d_lat,d_long`),
 * then `d_isp`.
 */
export const GEO_FIELDS = ['country', 'city', 'region', 'state', 'dma_code', 'postal_code', 'area_code', 'lat', 'long', 'isp'] as const;
/** The signal keys a DCS sets from the caller's address; a caller's own values for them are not taken. */
export const GEO_KEYS: ReadonlySet<string> = new Set(GEO_FIELDS.map((field) => `d_${field}`));

/**
 * "Based on the IP address, the DCS blocks requests from the following countries: Cuba (CU),
 * Iran (IR), North Korea (KP), Sudan (SD), Syria (SY)" (error 199, "DCS Error Codes, Messages,
 * and Examples").
 */
export const EMBARGOED_COUNTRIES: ReadonlySet<string> = new Set(['CU', 'IR', 'KP', 'SD', 'SY']);

/** An ISO country code as the emulator compares them: upper case, `UK` taken as `GB`. */
export function isoCountry(code: string): string {
  const upper = code.toUpperCase();
  return upper === 'UK' ? 'GB' : upper;
}

/** Checks and compiles the `geo` table; problems are named with their path. */
export function compileGeo(input: unknown, problems: string[]): GeoTable | null {
  if (input === undefined) return null;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push('geo: expected { "<caller IP address, or *>": { country?, city?, region?, state?, dma_code?, postal_code?, area_code?, lat?, long?, isp? } }');
    return null;
  }
  const table = new Map<string, CallerLocation>();
  for (const [address, location] of Object.entries(input as Record<string, unknown>)) {
    const at = `geo.${address}`;
    if (address !== '*' && !/^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i.test(address)) {
      problems.push(`${at}: expected an IP address as the DCS sees the caller's (such as "127.0.0.1" or "::1"), or "*" for any other`);
      continue;
    }
    if (typeof location !== 'object' || location === null || Array.isArray(location)) {
      problems.push(`${at}: expected { country?, city?, region?, state?, dma_code?, postal_code?, area_code?, lat?, long?, isp? }`);
      continue;
    }
    const fields = location as Record<string, unknown>;
    const signals: Array<readonly [string, string]> = [];
    for (const key of Object.keys(fields)) {
      if (!(GEO_FIELDS as readonly string[]).includes(key)) problems.push(`${at}.${key}: unknown option (expected ${GEO_FIELDS.join(', ')})`);
    }
    let country: string | null = null;
    for (const field of GEO_FIELDS) {
      const value = fields[field];
      if (value === undefined) continue;
      if (field === 'country') {
        if (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value)) {
          problems.push(`${at}.country: expected a two-letter ISO 3166 country code, such as "US"`);
          continue;
        }
        country = isoCountry(value);
        // "Targeting for the United Kingdom is the only special case that does not obey ISO
        // 3166. You should use UK instead of GB" ("Geotargeting With Platform-level Keys").
        signals.push(['d_country', country === 'GB' ? 'UK' : country]);
        continue;
      }
      if ((typeof value !== 'string' || value === '' || value.length > 100) && !(typeof value === 'number' && Number.isFinite(value))) {
        problems.push(`${at}.${field}: expected a value (a string of at most 100 characters, or a number)`);
        continue;
      }
      signals.push([`d_${field}`, String(value)]);
    }
    table.set(address, { country, signals });
  }
  return table;
}

/** The location of a caller at `ip`: its own entry, else `*`'s, else none. */
export function locationOf(table: GeoTable | null, ip: string | undefined): CallerLocation | null {
  if (!table) return null;
  return (ip !== undefined ? table.get(ip) : undefined) ?? table.get('*') ?? null;
}

/**
 * Error 199 for a caller in a country Audience Manager takes no requests from; 198 for one
 * where the partner has "deliberately limited the traffic" (its `blockedCountries`).
 */
export function countryRefusal(location: CallerLocation | null, blocked: ReadonlySet<string>): DcsError | null {
  const country = location?.country;
  if (!country) return null;
  if (EMBARGOED_COUNTRIES.has(country)) return { code: 199, msg: DCS_MESSAGES.countryNotAllowed(country) };
  if (blocked.has(country)) return { code: 198, msg: DCS_MESSAGES.countryBlockedByPartner(country) };
  return null;
}
