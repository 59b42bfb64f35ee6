import { type ExperienceCloudId, isExperienceCloudId, isRecord, keys, isLoadableHost, parseOrigin } from '@audience-relay/protocol';
import { checkBoolean, checkMs, option, unknownKeys } from './check';
import { FULL, inputError } from './errors';
import { NativeURL } from './platform';
import type { ConsentConfig, NormalizedConfig, NormalizedOutputs, OutputsValidator } from './types';

const DAY_MS = 86400000;

/**
 * Validates `input` and returns the normalized config; throws one error naming every problem.
 * Without `validateOutputs` (the CDN tag, whose outputs load on demand), `outputs` passes
 * through unchecked beyond being an object, for the outputs bundle to validate. Only the
 * input's own properties are read (see `option`).
 */
export function validateConfig(input: unknown, validateOutputs?: OutputsValidator): NormalizedConfig {
  if (!isRecord(input)) throw inputError('config', ['expected an object']);
  const problems: string[] = [];
  const get = (key: string, fallback?: unknown): unknown => option(input, key, fallback);
  const partner = get('partner');
  const frame = get('frame');
  const ecid = get('ecid');
  const timeoutMs = get('timeoutMs', 1000);
  const connectTimeoutMs = get('connectTimeoutMs', 5000);
  const coppa = get('coppa', false);
  const cacheMaxAgeMs = get('cacheMaxAgeMs', DAY_MS);
  const autoPageView = get('autoPageView', false);
  const outputs = get('outputs', {});
  const consent = get('consent', {});

  unknownKeys(problems, '', input, ['partner', 'dcs', 'frame', 'ecid', 'timeoutMs', 'connectTimeoutMs', 'coppa', 'cacheMaxAgeMs', 'autoPageView', 'outputs', 'consent']);
  if (typeof partner !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(partner)) {
    problems.push(`partner${FULL ? ': expected lowercase letters, digits and -' : ''}`);
  }
  const dcsOrigin = parseOrigin(get('dcs'));
  if (!dcsOrigin) problems.push(`dcs${FULL ? ': expected an http(s) origin, like https://dcs.example' : ''}`);
  const frameUrl = frame === undefined ? (dcsOrigin ? `${dcsOrigin}/frame.html` : '') : parseFrameUrl(frame);
  if (frameUrl === null) problems.push(`frame${FULL ? ': expected the http(s) URL of frame.html, like https://cdn.example/acme/frame.html (no user, no #fragment)' : ''}`);
  const normalizedEcid = ecid === undefined ? null : checkEcid(ecid);
  if (ecid !== undefined && !normalizedEcid) problems.push(`ecid${FULL ? ': expected { orgId: "<id>@AdobeOrg", mid: "<38 digits>" }' : ''}`);
  checkMs(problems, 'timeoutMs', timeoutMs, 30000);
  checkMs(problems, 'connectTimeoutMs', connectTimeoutMs, 60000);
  // 0: no cache.
  checkMs(problems, 'cacheMaxAgeMs', cacheMaxAgeMs, 30 * DAY_MS, 0);
  checkBoolean(problems, 'coppa', coppa);
  checkBoolean(problems, 'autoPageView', autoPageView);
  if (!isRecord(outputs)) problems.push(`outputs${FULL ? ': expected an object' : ''}`);
  const normalizedOutputs = validateOutputs ? validateOutputs(problems, outputs) : (outputs as NormalizedOutputs);
  if (!isRecord(consent)) problems.push(`consent${FULL ? ': expected an object' : ''}`);
  const vendorId = option(consent, 'vendorId', 565);
  const consentMs = option(consent, 'timeoutMs', 1000);
  const gpc = option(consent, 'gpc', true);
  const requireTcf = option(consent, 'requireTcf', false);
  if (isRecord(consent)) unknownKeys(problems, 'consent.', consent, ['vendorId', 'timeoutMs', 'gpc', 'requireTcf']);
  if (typeof vendorId !== 'number' || !Number.isInteger(vendorId) || vendorId < 1 || vendorId > 65535) problems.push(`consent.vendorId${FULL ? ': expected an IAB vendor ID from 1 to 65535' : ''}`);
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
  return isExperienceCloudId(value) && keys(value).length === 2 ? { orgId: value.orgId, mid: value.mid } : null;
}

/** An absolute http(s) URL without credentials or fragment (the tag puts its boot call there), else null. */
function parseFrameUrl(value: unknown): string | null {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return null;
  try {
    const url = new NativeURL!(value);
    return url.username || url.password || url.hash || value.includes('#') || !isLoadableHost(url.hostname) ? null : url.href;
  } catch {
    return null;
  }
}
