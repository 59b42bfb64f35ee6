import { headerSafeUrl } from '../header-safe-url';
import { EncodingError, parseParams } from './parse-params';

/** What a click redirect's macros take from the call beyond its own parameters. */
export interface ClickContext {
  /** The visitor's device ID (`%d_uuid%` when the call names none), or null when the DCS ignored the call. */
  uuid: string | null;
  region: number;
}

/**
 * The redirect of a click-tracking call ("Capturing campaign click data via pixel calls"):
 * `/event?d_event=click&…&d_rd=<URL, encoded twice>` sends the browser on to `d_rd`, with
 * `%<key>%` macros replaced by the call's values (`%d_creative%` → `d_creative`), `%d_id%` by
 * `d_dpid`, `%d_region%` by the DCS region, `%r_rand%` by a random number, `%d_uuid%` by the
 * device ID, `${gdpr}` and `${gdpr_consent_<vendor>}` by the call's consent. Only `http:` and
 * `https:` targets; null for any other call. Substituted values are percent-encoded, so a
 * value can never change the target's structure.
 */
export function clickRedirect(raw: string, context: ClickContext): string | null {
  if (!/(^|&)d_event=click(&|$)/.test(raw)) return null;
  let params: Map<string, string[]>;
  try {
    params = parseParams(raw);
  } catch (error) {
    if (error instanceof EncodingError) return null;
    throw error;
  }
  // parseParams splits values on commas; a URL keeps its commas.
  let target = params.get('d_rd')?.join(',') ?? '';
  // Documented as encoded twice (once for the URL it is, once more as a parameter): the
  // parser undid one, so undo the other; a target encoded once is already plain.
  if (!/^https?:\/\//i.test(target)) {
    try {
      target = decodeURIComponent(target);
    } catch {
      return null;
    }
  }
  if (!/^https?:\/\/[^/?#\s]/i.test(target)) return null;
  const value = (key: string): string | undefined => params.get(key)?.join(',');
  const enc = encodeURIComponent;
  // A target encoded once is plain by now: see headerSafeUrl.
  return headerSafeUrl(target)
    .replace(/\$\{gdpr\}/gi, () => (value('gdpr') === '1' ? '1' : '0'))
    .replace(/\$\{gdpr_consent_\d+\}/gi, () => enc(value('gdpr_consent') ?? ''))
    .replace(/%([A-Za-z][\w-]*)%/g, (macro, key: string) => {
      const name = key.toLowerCase();
      if (name === 'd_id') return enc(value('d_dpid') ?? value('dpid') ?? '');
      if (name === 'd_region') return String(context.region);
      if (name === 'r_rand') return String(Math.floor(Math.random() * 1e12));
      if (name === 'd_uuid') return enc(value('d_uuid') ?? context.uuid ?? '');
      const given = value(key) ?? value(name);
      return given === undefined ? macro : enc(given);
    });
}
