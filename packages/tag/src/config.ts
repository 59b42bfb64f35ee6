import { isRecord, parseOrigin } from '@audience-relay/protocol';
import { inputError } from './errors';

/** What a publisher passes to `audienceRelay('config', …)` or `createAudienceRelay(…)`. */
export interface AudienceRelayConfig {
  /** Partner (DCS account) name: lowercase letters, digits and `-`, e.g. `acme`. */
  partner: string;
  /** Origin of the Data Collection Server that serves the frame, e.g. `https://acme.dcs.example`. */
  dcs: string;
  /** Default deadline of `ready()`, in milliseconds (1–30000). Default 1000. */
  timeoutMs?: number;
  /** How long the frame may take to load and answer the handshake, in milliseconds. Default 5000. */
  connectTimeoutMs?: number;
  /** Child-directed treatment (COPPA): no third-party identity, no first-party device ID, no ID syncs. Default false. */
  coppa?: boolean;
}

/** The config after validation, with every default applied. */
export interface NormalizedConfig {
  partner: string;
  /** The DCS origin, serialized (`scheme://host[:port]`), used for exact origin checks. */
  dcsOrigin: string;
  timeoutMs: number;
  connectTimeoutMs: number;
  coppa: boolean;
}

const KNOWN = new Set(['partner', 'dcs', 'timeoutMs', 'connectTimeoutMs', 'coppa']);

/** Validates `input` and returns the normalized config; throws one error naming every problem. */
export function validateConfig(input: unknown): NormalizedConfig {
  if (!isRecord(input)) throw inputError('config', ['expected an object']);
  const problems: string[] = [];
  const { partner, dcs, timeoutMs = 1000, connectTimeoutMs = 5000, coppa = false } = input;

  for (const key of Object.keys(input)) {
    if (!KNOWN.has(key)) problems.push(`unknown option "${key}"`);
  }
  if (typeof partner !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(partner)) {
    problems.push('partner: expected lowercase letters, digits and -');
  }
  const dcsOrigin = parseOrigin(dcs);
  if (!dcsOrigin) problems.push('dcs: expected an http(s) origin, like https://dcs.example');
  checkMs(problems, 'timeoutMs', timeoutMs, 30000);
  checkMs(problems, 'connectTimeoutMs', connectTimeoutMs, 60000);
  if (typeof coppa !== 'boolean') problems.push('coppa: expected true or false');

  if (problems.length > 0) throw inputError('config', problems);
  return {
    partner: partner as string,
    dcsOrigin: dcsOrigin as string,
    timeoutMs: timeoutMs as number,
    connectTimeoutMs: connectTimeoutMs as number,
    coppa: coppa as boolean,
  };
}

export function checkMs(problems: string[], name: string, value: unknown, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    problems.push(`${name}: expected whole milliseconds from 1 to ${max}`);
  }
}
