import { isExperienceCloudId, isRecord, parseOrigin, type ExperienceCloudId } from '@audience-relay/protocol';
import { inputError } from './errors';
import type { NormalizedOutputs, OutputsConfig } from './outputs/config';

/** What a publisher passes to `audienceRelay('config', …)` or `createAudienceRelay(…)`. */
export interface AudienceRelayConfig {
  /** Partner (DCS account) name: lowercase letters, digits and `-`, e.g. `acme`. */
  partner: string;
  /** Origin of the Data Collection Server the frame calls, e.g. `https://acme.demdex.net`. */
  dcs: string;
  /**
   * URL of the frame (`frame.html` built by `audience-relay-frame build` for this partner and
   * DCS), e.g. `https://cdn.example/audience-relay/acme/1.0.0/frame.html`. Default
   * `<dcs>/frame.html`: a DCS that hosts the frame itself. The handshake accepts only this
   * URL's origin.
   */
  frame?: string;
  /**
   * The visitor's Adobe Experience Cloud ID, sent as `d_mid` with `d_orgid` (Audience Manager
   * recognizes the device by it where its cookie is missing), e.g.
   * `{ orgId: '53A16ACB5CC1D3760A495C99@AdobeOrg', mid: visitor.getMarketingCloudVisitorID() }`.
   * Not sent under `coppa`. Default none.
   */
  ecid?: ExperienceCloudId;
  /** Default deadline of `ready()`, in milliseconds (1–30000). Default 1000. */
  timeoutMs?: number;
  /** How long the frame may take to load and answer the handshake, in milliseconds. Default 5000. */
  connectTimeoutMs?: number;
  /** Child-directed treatment (COPPA): no third-party identity, no first-party device ID, no ID syncs. Default false. */
  coppa?: boolean;
  /** How long the first-party segment cache serves the last page's segments; 0 turns it off. Default 86400000 (a day). */
  cacheMaxAgeMs?: number;
  /** Send a page view on every History API route change (single-page apps). Default false. */
  autoPageView?: boolean;
  /** Where segments go besides the API and events; each output is optional. */
  outputs?: OutputsConfig;
  /** How the page's consent (TCF, GPP, US Privacy, Global Privacy Control) is applied. */
  consent?: ConsentConfig;
}

export interface ConsentConfig {
  /** The DCS's IAB TCF vendor ID, whose consent is needed where GDPR applies. Default 565. */
  vendorId?: number;
  /** How long to wait for the page's CMPs before `ready` settles `no-consent`, in milliseconds. Consent that comes later still starts the flow. Default 1000. */
  timeoutMs?: number;
  /** Honour Global Privacy Control: no ID syncs, URL destinations or cookie destinations. Default true. */
  gpc?: boolean;
  /** Treat a page without a TCF CMP as refusing consent (for sites where GDPR always applies). Default false. */
  requireTcf?: boolean;
}

/** The config after validation, with every default applied. */
export interface NormalizedConfig {
  partner: string;
  /** The DCS origin, serialized (`scheme://host[:port]`), used for exact origin checks. */
  dcsOrigin: string;
  /** The frame's URL; its origin is the one the handshake accepts. */
  frameUrl: string;
  ecid: ExperienceCloudId | null;
  timeoutMs: number;
  connectTimeoutMs: number;
  coppa: boolean;
  cacheMaxAgeMs: number;
  autoPageView: boolean;
  outputs: NormalizedOutputs;
  consent: Required<ConsentConfig>;
}

const DAY_MS = 86400000;

/** Checks the `outputs` section: adds its problems, returns it normalized (see `outputs/config.ts`). */
export type OutputsValidator = (problems: string[], outputs: unknown) => NormalizedOutputs;

/**
 * Validates `input` and returns the normalized config; throws one error naming every problem.
 * Without `validateOutputs` (the CDN tag, whose outputs load on demand), `outputs` passes
 * through unchecked beyond being an object, for the outputs bundle to validate.
 */
export function validateConfig(input: unknown, validateOutputs?: OutputsValidator): NormalizedConfig {
  if (!isRecord(input)) throw inputError('config', ['expected an object']);
  const problems: string[] = [];
  const { partner, dcs, frame, ecid, timeoutMs = 1000, connectTimeoutMs = 5000, coppa = false, cacheMaxAgeMs = DAY_MS, autoPageView = false, outputs = {}, consent = {} } = input;

  unknownKeys(problems, '', input, ['partner', 'dcs', 'frame', 'ecid', 'timeoutMs', 'connectTimeoutMs', 'coppa', 'cacheMaxAgeMs', 'autoPageView', 'outputs', 'consent']);
  if (typeof partner !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(partner)) {
    problems.push('partner: expected lowercase letters, digits and -');
  }
  const dcsOrigin = parseOrigin(dcs);
  if (!dcsOrigin) problems.push('dcs: expected an http(s) origin, like https://dcs.example');
  const frameUrl = frame === undefined ? (dcsOrigin ? `${dcsOrigin}/frame.html` : '') : parseFrameUrl(frame);
  const normalizedEcid = ecid === undefined ? null : checkEcid(ecid);
  if (ecid !== undefined && !normalizedEcid) problems.push('ecid: expected { orgId: "<id>@AdobeOrg", mid: "<38 digits>" }');
  if (frameUrl === null) problems.push('frame: expected an http(s) URL, without user or #fragment');
  checkMs(problems, 'timeoutMs', timeoutMs, 30000);
  checkMs(problems, 'connectTimeoutMs', connectTimeoutMs, 60000);
  if (cacheMaxAgeMs !== 0) checkMs(problems, 'cacheMaxAgeMs', cacheMaxAgeMs, 30 * DAY_MS);
  checkBoolean(problems, 'coppa', coppa);
  checkBoolean(problems, 'autoPageView', autoPageView);
  if (!isRecord(outputs)) problems.push('outputs: expected an object');
  const normalizedOutputs = validateOutputs ? validateOutputs(problems, outputs) : (outputs as NormalizedOutputs);
  if (!isRecord(consent)) problems.push('consent: expected an object');
  const { vendorId = 565, timeoutMs: consentMs = 1000, gpc = true, requireTcf = false } = isRecord(consent) ? consent : {};
  if (isRecord(consent)) unknownKeys(problems, 'consent.', consent, ['vendorId', 'timeoutMs', 'gpc', 'requireTcf']);
  if (typeof vendorId !== 'number' || !Number.isInteger(vendorId) || vendorId < 1 || vendorId > 65535) problems.push('consent.vendorId: expected an IAB vendor ID from 1 to 65535');
  checkMs(problems, 'consent.timeoutMs', consentMs, 30000);
  checkBoolean(problems, 'consent.gpc', gpc);
  checkBoolean(problems, 'consent.requireTcf', requireTcf);

  if (problems.length > 0) throw inputError('config', problems);
  return {
    partner: partner as string,
    dcsOrigin: dcsOrigin as string,
    frameUrl: frameUrl as string,
    ecid: normalizedEcid,
    timeoutMs: timeoutMs as number,
    connectTimeoutMs: connectTimeoutMs as number,
    coppa: coppa as boolean,
    cacheMaxAgeMs: cacheMaxAgeMs as number,
    autoPageView: autoPageView as boolean,
    outputs: normalizedOutputs,
    consent: { vendorId, timeoutMs: consentMs, gpc, requireTcf } as Required<ConsentConfig>,
  };
}

/** `{ orgId, mid }` well-formed (the wire guard's own check), else null. */
function checkEcid(value: unknown): ExperienceCloudId | null {
  return isExperienceCloudId(value) && Object.keys(value).length === 2 ? { orgId: value.orgId, mid: value.mid } : null;
}

/** An absolute http(s) URL without credentials or fragment (the tag puts its boot call there), else null. */
function parseFrameUrl(value: unknown): string | null {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return null;
  try {
    const url = new URL(value);
    return url.username || url.password || url.hash || value.includes('#') ? null : url.href;
  } catch {
    return null;
  }
}

export function unknownKeys(problems: string[], prefix: string, value: Record<string, unknown>, known: string[]): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) problems.push(`unknown option "${prefix}${key}"`);
}

export function checkBoolean(problems: string[], name: string, value: unknown): void {
  if (typeof value !== 'boolean') problems.push(`${name}: expected true or false`);
}

export function checkMs(problems: string[], name: string, value: unknown, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    problems.push(`${name}: expected whole milliseconds from 1 to ${max}`);
  }
}
