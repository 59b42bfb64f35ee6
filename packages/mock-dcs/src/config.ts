import { didYouMean } from './did-you-mean';
import { compileGeo, isoCountry, type CallerLocationConfig, type GeoTable } from './event/caller-location';
import { DEFAULT_DEVICE_COOKIE, type DeviceCookieSettings } from './identity';
import { templateFragmentProblem, templatePrivacyProblem } from './providers/passed-on';
import { parseRule, referencedTraits, type RuleNode } from './rules/parse';

/** A data source (DPID): where declared IDs, synced IDs and onboarded traits come from. */
export interface DataSourceConfig {
  id: number;
  name?: string;
  /** Integration code, for `d_cid_ic` and `d_tdpid_ic`. */
  integrationCode?: string;
}

/**
 * A trait: a rule over signals, or (without `rule`) a pixel trait realized only by `d_sid`.
 * With `dpid` it belongs to that data source (`d_tdpid`); when that data source is a
 * content provider, the rule is evaluated over the provider's signals.
 */
export interface TraitConfig {
  id: number;
  name?: string;
  rule?: string;
  dpid?: number;
}

/** A segment: a rule over traits, e.g. `1001T AND (1002T OR NOT 1003T)` or `1001T >= 3`. */
export interface SegmentConfig {
  id: number;
  name?: string;
  rule: string;
  /**
   * Its legacy segment ID (Audience Manager's `csegID`), answered for it with `d_cts=1`;
   * default: `id`.
   */
  legacyId?: number;
}

/**
 * A URL destination (`dests`): fired by the frame for qualifying segments. Macros: `%ALIAS%`,
 * `%DID%`, `%DPID_<n>%`, `%HTTP_PROTO%`, `%REGION%`, `%RND%`, `%TIMESTAMP%`, `${GDPR}`,
 * `${GDPR_CONSENT_<vendor>}`.
 */
export interface UrlDestinationConfig {
  id: number;
  name?: string;
  /** How the frame fires it. Default `img`. */
  type?: 'img' | 'iframe';
  url: string;
  secureUrl?: string;
  /** Segment ID → alias (the `%ALIAS%` value). */
  segments: Record<string, string>;
  /** Serialized: one URL carrying every qualifying alias joined by `delimiter`. */
  serialize?: { delimiter: string };
  /**
   * `hr` in the answer. Adobe's clients fire a destination that hides the referrer in their
   * destination iframe, any other as an image on the page (the page's URL as referrer).
   * Default true.
   */
  hideReferrer?: boolean;
}

/** A cookie destination (`stuff`): written by the tag as a first-party cookie. */
export interface CookieDestinationConfig {
  name: string;
  /** `dmn`: a leading dot covers subdomains; empty means the page's own domain. */
  domain?: string;
  /** `ttl` in days; 0 means do not write. */
  ttlDays: number;
  /** Value prefix: `seg` gives `seg=alias1,alias2`. Without it, just the aliases. */
  key?: string;
  /** Default `,`. */
  delimiter?: string;
  segments: Record<string, string>;
}

/** An ID sync (`ibs`): a partner URL the frame fires at most once per `ttlMinutes`. */
export interface IdSyncConfig {
  id: number;
  dpid: number;
  /** Macros: `${DD_UUID}`, `${GDPR}`, `${GDPR_CONSENT_<vendor>}`. */
  url: string;
  ttlMinutes: number;
  tag?: 'img' | 'iframe';
  /**
   * `fireURLSync` in the answer: fire it even where the destination iframe cannot set
   * third-party cookies (Adobe's Visitor API then fires it on the page). Default false.
   */
  fireURLSync?: boolean;
  /** `syncOnPage` in the answer: Adobe's Visitor API fires it on the page, never in the iframe. Default false. */
  syncOnPage?: boolean;
  /**
   * The ID sync containers (`d_nsid`; a call without it is container 0) whose calls get this
   * sync: each site of a partner can have its own. Default: every container.
   */
  containers?: number[];
}

/** A real-time content provider, called during `/event` for visitors with a synced ID. */
export interface ContentProviderConfig {
  id: number;
  name?: string;
  /** The data source its segments belong to; the visitor's synced ID for it is `${DPUUID}`. */
  dpid: number;
  /** Macros `${DPUUID}` and `${UUID}`; answers `{ "segments": ["..."] }`. */
  url: string;
  timeoutMs: number;
}

export interface PartnerConfig {
  /** Origins (`scheme://host[:port]`) allowed to embed the frame and call `/event` with CORS. */
  allowedOrigins: string[];
  /** `dcs_region` in responses: one of Audience Manager's regions (3, 4, 6, 7, 8, 9, 11, 12). Default 7. */
  region?: number;
  /** `d_orgid` must equal this when sent (error 2 otherwise); without it any org is taken, on `/event` as on `/id`. */
  orgId?: string;
  /** IAB TCF vendor ID whose consent `gdpr=1` calls need. Default 565. */
  vendorId?: number;
  /** When set, a `Referer` whose host is not listed gets error 109 and is ignored. */
  allowedReferrerHosts?: string[];
  /** Event calls per second above which the DCS answers 429. */
  rateLimitPerSecond?: number;
  /**
   * ISO 3166 country codes the partner takes no requests from: a caller the `geo` config
   * places there gets error 198 ("Requests from this country are blocked by partner").
   */
  blockedCountries?: string[];
  /**
   * Whether `d_cts=1`/`2` answer `traits` and `segments`. Audience Manager enables them "on
   * customer request" ("Supported Attributes for DCS API Calls"); `false` answers as an account
   * without them: no `traits` and no `segments` whatever `d_cts` says. Default true.
   */
  ctsEnabled?: boolean;
  dataSources?: DataSourceConfig[];
  traits: TraitConfig[];
  segments: SegmentConfig[];
  destinations?: UrlDestinationConfig[];
  cookieDestinations?: CookieDestinationConfig[];
  idSyncs?: IdSyncConfig[];
  contentProviders?: ContentProviderConfig[];
}

/** The device cookie of this DCS (Audience Manager's is `demdex`, for `.demdex.net`). */
export interface DeviceCookieConfig {
  /** Cookie name. Default `demdex`. */
  name?: string;
  /**
   * Domain the cookie is set for, e.g. `.dcs.localhost`, so every host under it (`dpm.`,
   * `<partner>.`) shares one device ID. Default: none (a host-only cookie).
   */
  domain?: string;
  /**
   * Whether the cookie is `Partitioned` (CHIPS). Default true: kept per publisher site, and
   * kept where browsers block third-party cookies. `false` answers as Audience Manager does
   * (its `demdex` cookie is `SameSite=None; Secure`, not partitioned): one device ID across
   * publisher sites where third-party cookies are allowed, none where they are blocked.
   */
  partitioned?: boolean;
}

/** The emulator's configuration file (JSON). See packages/mock-dcs/README.md. */
export interface MockDcsConfig {
  /** Partner used when the first label of `Host` is not a configured partner; without it, error 1. */
  defaultPartner?: string;
  /** The device cookie's name and domain. Default: `demdex`, host-only. */
  deviceCookie?: DeviceCookieConfig;
  /**
   * The IAB Global CMP List as Audience Manager caches it: under `gdpr=1`, a TC string made by a
   * CMP not in `cmpIds` is discarded with error 313, by one in `deleted` with 314, and the call
   * is processed as usual (`${GDPR}` 0). Default: the list is not checked.
   */
  globalCmpList?: GlobalCmpListConfig;
  /**
   * Where callers are, by the IP address the DCS sees (`h_ip`; `*` for any other): what
   * Audience Manager looks up in its IP database. A located caller's `/event` calls carry the
   * platform-level geo keys (`d_country`, `d_city`, `d_region`, `d_state`, `d_dma_code`,
   * `d_postal_code`, `d_area_code`, `d_lat`, `d_long`, `d_isp`) in place of any the caller
   * sends, and its country may refuse the call (198, 199). Default: nobody is located.
   */
  geo?: Record<string, CallerLocationConfig>;
  partners: Record<string, PartnerConfig>;
}

export interface GlobalCmpListConfig {
  /** CMP IDs registered in the list. */
  cmpIds: number[];
  /** CMP IDs marked deleted (past their deletion time). */
  deleted?: number[];
}

/** The Global CMP List a partner's consent checks use (the same for every partner). */
export interface GlobalCmpList {
  cmpIds: ReadonlySet<number>;
  deleted: ReadonlySet<number>;
}

export interface CompiledTrait {
  id: number;
  name: string;
  rule: RuleNode | null;
  dpid: number | null;
}

export interface CompiledSegment {
  id: number;
  /** The legacy segment ID (`d_cts=1`). */
  legacyId: number;
  name: string;
  rule: RuleNode;
}

export interface CompiledPartner {
  name: string;
  allowedOrigins: ReadonlySet<string>;
  region: number;
  orgId: string | null;
  vendorId: number;
  allowedReferrerHosts: ReadonlySet<string> | null;
  rateLimitPerSecond: number | null;
  /** ISO country codes (upper case, `GB` for the United Kingdom) refused with error 198. */
  blockedCountries: ReadonlySet<string>;
  ctsEnabled: boolean;
  dataSources: ReadonlyMap<number, DataSourceConfig>;
  /**
   * The config lists `dataSources`: a declared ID (`d_cid`) must then name one of them (or of
   * the content providers', or a global device data source), else error 300.
   */
  declaresDataSources?: boolean;
  traits: CompiledTrait[];
  segments: CompiledSegment[];
  destinations: UrlDestinationConfig[];
  cookieDestinations: CookieDestinationConfig[];
  idSyncs: IdSyncConfig[];
  contentProviders: ContentProviderConfig[];
  /** `globalCmpList`, or null when it is not checked. */
  cmpList: GlobalCmpList | null;
}

export interface CompiledConfig {
  defaultPartner: string | null;
  deviceCookie: DeviceCookieSettings;
  /** `geo`: callers' locations by IP address, or null when none is configured. */
  geo: GeoTable | null;
  partners: ReadonlyMap<string, CompiledPartner>;
  source: MockDcsConfig;
}

/**
 * The `dcs_region` values Audience Manager answers with ("DCS Region IDs, Locations, and Host Names",
 * https://experienceleague.adobe.com/en/docs/audience-manager/user-guide/api-and-sdk-code/dcs/dcs-api-reference/dcs-regions):
 * 3 Singapore, 4 São Paulo, 6 Dublin, 7 Virginia, 8 Sydney, 9 Oregon, 11 Tokyo, 12 India.
 */
export const DCS_REGIONS: readonly number[] = [3, 4, 6, 7, 8, 9, 11, 12];

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid mock-dcs config:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const isHttpUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/[^\s]+$/.test(v);
/** What may be fired: an http(s) URL, or `//host/path` as demdex.net writes sync and destination URLs (the page's scheme). */
const isFirableUrl = (v: unknown): v is string => isHttpUrl(v) || (typeof v === 'string' && /^\/\/[^\s/\\]+(\/\S*)?$/.test(v));

/** Validates a config and compiles its rules; throws a {@link ConfigError} listing every problem with its path. */
export function compileConfig(input: unknown): CompiledConfig {
  const problems: string[] = [];
  const partners = new Map<string, CompiledPartner>();
  if (!isObject(input)) throw new ConfigError(['(root): expected an object']);
  unknownKeys(input, ['defaultPartner', 'deviceCookie', 'globalCmpList', 'geo', 'partners'], '', problems);
  const geo = compileGeo(input.geo, problems);
  const cmpList = compileCmpList(input.globalCmpList, problems);
  const defaultPartner = input.defaultPartner;
  if (defaultPartner !== undefined && typeof defaultPartner !== 'string') problems.push('defaultPartner: expected a partner name');
  if (!isObject(input.partners) || Object.keys(input.partners).length === 0) {
    problems.push('partners: expected an object with at least one partner');
  } else {
    for (const [name, partner] of Object.entries(input.partners)) {
      const compiled = compilePartner(`partners.${name}`, name, partner, problems);
      if (compiled) partners.set(name, { ...compiled, cmpList });
    }
    if (typeof defaultPartner === 'string' && !Object.prototype.hasOwnProperty.call(input.partners, defaultPartner)) {
      problems.push(`defaultPartner: "${defaultPartner}" is not one of the partners`);
    }
  }
  const deviceCookie = compileDeviceCookie(input.deviceCookie, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { defaultPartner: (defaultPartner as string | undefined) ?? null, deviceCookie, geo, partners, source: input as unknown as MockDcsConfig };
}

const isCmpId = (v: unknown): v is number => isId(v) && v <= 4095;

function compileCmpList(input: unknown, problems: string[]): GlobalCmpList | null {
  if (input === undefined) return null;
  if (!isObject(input)) {
    problems.push('globalCmpList: expected { cmpIds: [...], deleted?: [...] }');
    return null;
  }
  for (const key of Object.keys(input)) if (key !== 'cmpIds' && key !== 'deleted') problems.push(`globalCmpList.${key}: unknown option (expected cmpIds, deleted)`);
  const list = (key: 'cmpIds' | 'deleted', value: unknown): Set<number> => {
    if (Array.isArray(value) && value.every(isCmpId)) return new Set(value);
    problems.push(`globalCmpList.${key}: expected a list of CMP IDs (whole numbers from 1 to 4095)`);
    return new Set();
  };
  return { cmpIds: list('cmpIds', input.cmpIds), deleted: input.deleted === undefined ? new Set() : list('deleted', input.deleted) };
}

// An RFC 6265 token; and a domain of at least two labels, which browsers accept in `Domain=`.
const COOKIE_NAME = /^[A-Za-z0-9!#$&'*+.^_`|~-]{1,64}$/;
const COOKIE_DOMAIN = /^\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

function compileDeviceCookie(input: unknown, problems: string[]): DeviceCookieSettings {
  if (input === undefined) return DEFAULT_DEVICE_COOKIE;
  if (!isObject(input)) {
    problems.push('deviceCookie: expected { name?: string, domain?: string, partitioned?: boolean }');
    return DEFAULT_DEVICE_COOKIE;
  }
  const { name = DEFAULT_DEVICE_COOKIE.name, domain, partitioned = DEFAULT_DEVICE_COOKIE.partitioned } = input;
  for (const key of Object.keys(input)) if (key !== 'name' && key !== 'domain' && key !== 'partitioned') problems.push(`deviceCookie.${key}: unknown option (expected name, domain, partitioned)`);
  if (typeof partitioned !== 'boolean') problems.push('deviceCookie.partitioned: expected true (CHIPS, the default) or false (as Audience Manager\'s demdex cookie)');
  if (typeof name !== 'string' || !COOKIE_NAME.test(name)) {
    problems.push('deviceCookie.name: expected a cookie name (letters, digits and !#$&\'*+.^_`|~-), such as "demdex"');
  } else if (domain !== undefined && name.startsWith('__Host-')) {
    problems.push('deviceCookie.name: a "__Host-" cookie cannot have a domain');
  }
  if (domain !== undefined && (typeof domain !== 'string' || !COOKIE_DOMAIN.test(domain))) {
    problems.push('deviceCookie.domain: expected a domain of at least two labels, such as ".demdex.net" or ".dcs.localhost"');
  }
  return { name: String(name), domain: typeof domain === 'string' ? domain.toLowerCase() : null, partitioned: partitioned !== false };
}

function compilePartner(path: string, name: string, input: unknown, problems: string[]): Omit<CompiledPartner, 'cmpList'> | null {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) problems.push(`${path}: partner names use lowercase letters, digits and "-"`);
  if (!isObject(input)) {
    problems.push(`${path}: expected an object`);
    return null;
  }
  unknownKeys(input, PARTNER_KEYS, path, problems);
  const allowedOrigins = new Set<string>();
  if (!Array.isArray(input.allowedOrigins)) problems.push(`${path}.allowedOrigins: expected a list of origins`);
  else {
    input.allowedOrigins.forEach((origin, i) => {
      // "https://www.publisher.example/", as a browser's address bar shows it, names the same
      // origin: taken without its "/", as audience-relay-frame's --allow takes it.
      const bare = typeof origin === 'string' ? origin.replace(/(?<=\/\/[^/]+)\/$/, '') : origin;
      // Written in another form of the same origin (`HTTPS://Publisher.example`, `:443` for
      // https, an internationalized host), it is taken as browsers serialize it, the form the
      // frame and the CORS check compare exactly: as audience-relay-frame's --allow takes it.
      const serialized = typeof bare === 'string' ? serializedOrigin(bare) : null;
      if (serialized) allowedOrigins.add(serialized);
      else if (typeof bare === 'string' && bare.includes('*')) problems.push(`${path}.allowedOrigins[${i}]: "${bare}": no wildcards, list each origin (origins are compared exactly)`);
      else problems.push(`${path}.allowedOrigins[${i}]: expected an origin such as "https://www.publisher.example"`);
    });
  }
  const region = input.region ?? 7;
  if (typeof region !== 'number' || !Number.isInteger(region)) problems.push(`${path}.region: expected a whole number`);
  else if (!DCS_REGIONS.includes(region)) {
    problems.push(`${path}.region: ${region} is not an Audience Manager DCS region (3, 4, 6, 7, 8, 9, 11 or 12: "DCS Region IDs, Locations, and Host Names")`);
  }
  const vendorId = input.vendorId ?? 565;
  if (!isId(vendorId)) problems.push(`${path}.vendorId: expected a positive whole number`);
  if (input.orgId !== undefined && (typeof input.orgId !== 'string' || !/^[A-Za-z0-9]+@AdobeOrg$/.test(input.orgId))) {
    problems.push(`${path}.orgId: expected an org ID such as "ABC123@AdobeOrg"`);
  }
  if (input.ctsEnabled !== undefined && typeof input.ctsEnabled !== 'boolean') problems.push(`${path}.ctsEnabled: expected true or false`);
  if (input.rateLimitPerSecond !== undefined && !isId(input.rateLimitPerSecond)) {
    problems.push(`${path}.rateLimitPerSecond: expected a positive whole number`);
  }
  const blockedCountries = new Set<string>();
  list(input.blockedCountries, `${path}.blockedCountries`, problems).forEach((code, i) => {
    if (typeof code === 'string' && /^[A-Za-z]{2}$/.test(code)) blockedCountries.add(isoCountry(code));
    else problems.push(`${path}.blockedCountries[${i}]: expected a two-letter ISO 3166 country code, such as "FR"`);
  });
  let allowedReferrerHosts: Set<string> | null = null;
  if (input.allowedReferrerHosts !== undefined) {
    allowedReferrerHosts = new Set();
    list(input.allowedReferrerHosts, `${path}.allowedReferrerHosts`, problems).forEach((host, i) => {
      if (typeof host === 'string' && /^[a-z0-9.-]+$/i.test(host)) allowedReferrerHosts?.add(host.toLowerCase());
      else problems.push(`${path}.allowedReferrerHosts[${i}]: expected a host name`);
    });
  }

  const dataSources = new Map<number, DataSourceConfig>();
  list(input.dataSources, `${path}.dataSources`, problems).forEach((source, i) => {
    const at = `${path}.dataSources[${i}]`;
    if (!isObject(source) || !isId(source.id)) return void problems.push(`${at}: expected { id: positive integer, integrationCode?: string }`);
    unknownKeys(source, ['id', 'name', 'integrationCode'], at, problems);
    if (source.integrationCode !== undefined && typeof source.integrationCode !== 'string') problems.push(`${at}.integrationCode: expected a string`);
    dataSources.set(source.id, source as unknown as DataSourceConfig);
  });

  const contentProviders = list(input.contentProviders, `${path}.contentProviders`, problems).flatMap((provider, i) => {
    const at = `${path}.contentProviders[${i}]`;
    if (!isObject(provider)) return problems.push(`${at}: expected { id, dpid, url: http(s) URL with \${DPUUID}, timeoutMs }`), [];
    // Each problem named, as for traits: a key the format does not have (`timeout` for
    // `timeoutMs`) said once, not again as the key it stands for missing.
    const meant = unknownKeys(provider, CONTENT_PROVIDER_KEYS, at, problems);
    if (!isId(provider.id)) problems.push(`${at}.id: expected a positive whole number`);
    if (!isId(provider.dpid)) problems.push(`${at}.dpid: expected a positive whole number (the provider's data source)`);
    if (!isHttpUrl(provider.url)) problems.push(`${at}.url: expected an http(s) URL with \${DPUUID}, such as "https://cp.example/segments?uid=\${DPUUID}"`);
    else if (/\$DPUUID\b|(?<!\$)\{DPUUID\}/.test(provider.url)) {
      problems.push(`${at}.url: write the macro \${DPUUID}, with its $ and braces (${/\$DPUUID\b/.test(provider.url) ? '$DPUUID' : '{DPUUID}'} is sent as it is)`);
    } else if (!provider.url.includes('${DPUUID}') && !provider.url.includes('${UUID}')) {
      problems.push(`${at}.url: has no \${DPUUID} (your ID for the visitor), so every visitor gets the same call`);
    }
    if (!isId(provider.timeoutMs) && !meant.has('timeoutMs')) problems.push(`${at}.timeoutMs: expected a positive whole number of milliseconds, such as 300`);
    if (!isId(provider.id) || !isId(provider.dpid) || !isHttpUrl(provider.url) || !isId(provider.timeoutMs)) return [];
    const privacyProblem = templatePrivacyProblem(provider.url);
    if (privacyProblem) problems.push(`${at}.url: ${privacyProblem}`);
    const fragmentProblem = templateFragmentProblem(provider.url);
    if (fragmentProblem) problems.push(`${at}.url: ${fragmentProblem}`);
    if (!dataSources.has(provider.dpid)) dataSources.set(provider.dpid, { id: provider.dpid, name: String(provider.name ?? `provider ${provider.id}`) });
    return [provider as unknown as ContentProviderConfig];
  });

  const traits: CompiledTrait[] = [];
  list(input.traits, `${path}.traits`, problems).forEach((trait, i) => {
    const at = `${path}.traits[${i}]`;
    if (!isObject(trait) || !isId(trait.id)) return void problems.push(`${at}: expected { id: positive integer, rule?: string, dpid?: number }`);
    unknownKeys(trait, ['id', 'name', 'rule', 'dpid'], at, problems);
    if (traits.some((t) => t.id === trait.id)) problems.push(`${at}.id: trait ${trait.id} is defined twice`);
    if (trait.dpid !== undefined && (!isId(trait.dpid) || !dataSources.has(trait.dpid))) {
      problems.push(`${at}.dpid: data source ${String(trait.dpid)} is not defined for this partner`);
    }
    let rule: RuleNode | null = null;
    if (trait.rule !== undefined) rule = compile(trait.rule, 'trait', `${at}.rule`, problems);
    traits.push({
      id: trait.id,
      name: typeof trait.name === 'string' ? trait.name : `trait ${trait.id}`,
      rule,
      dpid: isId(trait.dpid) ? trait.dpid : null,
    });
  });

  const segments: CompiledSegment[] = [];
  list(input.segments, `${path}.segments`, problems).forEach((segment, i) => {
    const at = `${path}.segments[${i}]`;
    if (!isObject(segment) || !isId(segment.id)) return void problems.push(`${at}: expected { id: positive integer, rule: string }`);
    unknownKeys(segment, ['id', 'name', 'rule', 'legacyId'], at, problems);
    const rule = compile(segment.rule, 'segment', `${at}.rule`, problems);
    if (!rule) return;
    for (const id of referencedTraits(rule)) {
      if (!traits.some((t) => t.id === id)) problems.push(`${at}.rule: trait ${id} is not defined for this partner`);
    }
    if (segment.legacyId !== undefined && !isId(segment.legacyId)) return void problems.push(`${at}.legacyId: expected a positive integer`);
    const legacyId = segment.legacyId ?? segment.id;
    segments.push({ id: segment.id, legacyId, name: typeof segment.name === 'string' ? segment.name : `segment ${segment.id}`, rule });
  });
  const segmentIds = new Set(segments.map((s) => s.id));
  const checkMapping = (mapping: unknown, at: string): boolean => {
    if (!isObject(mapping)) return void problems.push(`${at}: expected { "<segment id>": "<alias>" }`), false;
    let ok = true;
    for (const [id, alias] of Object.entries(mapping)) {
      if (!segmentIds.has(Number(id))) problems.push(`${at}.${id}: segment ${id} is not defined for this partner`), (ok = false);
      if (typeof alias !== 'string' || alias === '') problems.push(`${at}.${id}: expected a non-empty alias`), (ok = false);
    }
    return ok;
  };

  const destinations = list(input.destinations, `${path}.destinations`, problems).flatMap((dest, i) => {
    const at = `${path}.destinations[${i}]`;
    if (!isObject(dest) || !isId(dest.id) || !isFirableUrl(dest.url)) return problems.push(`${at}: expected { id, url: http(s) or //host URL, segments }`), [];
    unknownKeys(dest, ['id', 'name', 'type', 'url', 'secureUrl', 'segments', 'serialize', 'hideReferrer'], at, problems);
    if (dest.secureUrl !== undefined && !isFirableUrl(dest.secureUrl)) problems.push(`${at}.secureUrl: expected an http(s) or //host URL`);
    if (dest.type !== undefined && dest.type !== 'img' && dest.type !== 'iframe') problems.push(`${at}.type: expected "img" or "iframe"`);
    if (!/%ALIAS%/i.test(String(dest.url))) problems.push(`${at}.url: must contain %ALIAS%`);
    if (dest.serialize !== undefined && !(isObject(dest.serialize) && typeof dest.serialize.delimiter === 'string')) {
      problems.push(`${at}.serialize: expected { delimiter: string }`);
    } else if (isObject(dest.serialize)) unknownKeys(dest.serialize, ['delimiter'], `${at}.serialize`, problems);
    if (dest.hideReferrer !== undefined && typeof dest.hideReferrer !== 'boolean') problems.push(`${at}.hideReferrer: expected true or false`);
    return checkMapping(dest.segments, `${at}.segments`) ? [dest as unknown as UrlDestinationConfig] : [];
  });

  const cookieDestinations = list(input.cookieDestinations, `${path}.cookieDestinations`, problems).flatMap((dest, i) => {
    const at = `${path}.cookieDestinations[${i}]`;
    if (!isObject(dest) || typeof dest.name !== 'string' || !/^[A-Za-z0-9_-]+$/.test(dest.name) || typeof dest.ttlDays !== 'number' || dest.ttlDays < 0) {
      return problems.push(`${at}: expected { name: cookie name, ttlDays: number >= 0, segments }`), [];
    }
    unknownKeys(dest, ['name', 'domain', 'ttlDays', 'key', 'delimiter', 'segments'], at, problems);
    if (dest.domain !== undefined && (typeof dest.domain !== 'string' || !/^\.?[a-z0-9.-]*$/i.test(dest.domain))) problems.push(`${at}.domain: expected a domain`);
    return checkMapping(dest.segments, `${at}.segments`) ? [dest as unknown as CookieDestinationConfig] : [];
  });

  const idSyncs = list(input.idSyncs, `${path}.idSyncs`, problems).flatMap((sync, i) => {
    const at = `${path}.idSyncs[${i}]`;
    if (!isObject(sync) || !isId(sync.id) || !isId(sync.dpid) || !isFirableUrl(sync.url) || typeof sync.ttlMinutes !== 'number' || sync.ttlMinutes < 0) {
      return problems.push(`${at}: expected { id, dpid, url: http(s) or //host URL, ttlMinutes }`), [];
    }
    unknownKeys(sync, ['id', 'dpid', 'url', 'ttlMinutes', 'tag', 'fireURLSync', 'syncOnPage', 'containers'], at, problems);
    if (sync.containers !== undefined && !(Array.isArray(sync.containers) && sync.containers.length <= 100 && sync.containers.every((c) => Number.isSafeInteger(c) && (c as number) >= 0))) {
      problems.push(`${at}.containers: expected a list of container IDs (whole numbers from 0)`);
    }
    for (const flag of ['fireURLSync', 'syncOnPage'] as const) {
      if (sync[flag] !== undefined && typeof sync[flag] !== 'boolean') problems.push(`${at}.${flag}: expected true or false`);
    }
    return [sync as unknown as IdSyncConfig];
  });

  return {
    name,
    allowedOrigins,
    region: region as number,
    orgId: typeof input.orgId === 'string' ? input.orgId : null,
    vendorId: vendorId as number,
    allowedReferrerHosts,
    rateLimitPerSecond: isId(input.rateLimitPerSecond) ? input.rateLimitPerSecond : null,
    blockedCountries,
    ctsEnabled: input.ctsEnabled !== false,
    dataSources,
    declaresDataSources: Array.isArray(input.dataSources) && input.dataSources.length > 0,
    traits,
    segments,
    destinations,
    cookieDestinations,
    idSyncs,
    contentProviders,
  };
}

const CONTENT_PROVIDER_KEYS = ['id', 'name', 'dpid', 'url', 'timeoutMs'];

const PARTNER_KEYS = [
  'allowedOrigins',
  'region',
  'orgId',
  'vendorId',
  'allowedReferrerHosts',
  'rateLimitPerSecond',
  'blockedCountries',
  'ctsEnabled',
  'dataSources',
  'traits',
  'segments',
  'destinations',
  'cookieDestinations',
  'idSyncs',
  'contentProviders',
];

/**
 * Names every key the format does not have, with the one it most likely stands for. A misspelt
 * key must not pass unnoticed: a trait with `rul` instead of `rule` would quietly be a pixel
 * trait, and `idSync` no ID sync at all. Returns the known keys suggested.
 */
function unknownKeys(input: Json, known: readonly string[], path: string, problems: string[]): Set<string> {
  const meant = new Set<string>();
  for (const key of Object.keys(input)) {
    if (known.includes(key)) continue;
    const suggestion = didYouMean(key, known.filter((k) => !(k in input)));
    if (suggestion) meant.add(suggestion);
    problems.push(`${path ? `${path}.` : ''}${key}: unknown option${suggestion ? `; did you mean ${suggestion}?` : ''} (expected ${known.join(', ')})`);
  }
  return meant;
}

function list(value: unknown, path: string, problems: string[]): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  problems.push(`${path}: expected a list`);
  return [];
}

function compile(source: unknown, kind: 'trait' | 'segment', path: string, problems: string[]): RuleNode | null {
  if (typeof source !== 'string') {
    problems.push(`${path}: expected a rule string`);
    return null;
  }
  try {
    return parseRule(source, kind);
  } catch (error) {
    problems.push(`${path}: ${(error as Error).message}`);
    return null;
  }
}

/**
 * The serialized origin of a value that names nothing but an http(s) origin (scheme and
 * authority: no path, query, fragment or credentials), in any form a browser reads as that
 * origin; null otherwise, and for a host no page can have (a `*`).
 */
function serializedOrigin(value: string): string | null {
  if (!/^https?:\/\/[^/?#@\\]+$/i.test(value)) return null;
  try {
    const url = new URL(value);
    return /^([\w.-]+|\[[\da-f:.]+\])$/i.test(url.hostname) ? url.origin : null;
  } catch {
    return null;
  }
}

