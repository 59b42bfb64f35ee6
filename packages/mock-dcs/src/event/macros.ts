/** Values the destination and ID-sync macros expand to. */
export interface MacroContext {
  uuid: string;
  /** The Experience Cloud ID (`%MCID%`): the call's `d_mid`, else the one the ID service gives this device. */
  mid: string;
  region: number;
  secure: boolean;
  gdprApplies: boolean;
  consentString: string;
  /** Declared IDs of this call by data source, for `%DPID_<n>%`. */
  declared: ReadonlyMap<number, string>;
  now: number;
}

/**
 * Expands `%ALIAS%`, `%DID%`, `%DPID_<n>%`, `%HTTP_PROTO%`, `%MCID%`, `%REGION%`, `%RND%`,
 * `%TIMESTAMP%`, `${DD_UUID}`, `${GDPR}` and `${GDPR_CONSENT_<vendor>}`. Audience Manager
 * documents the `%…%` macros in lower case and shows them in upper case, so their case does
 * not matter. Substituted values are percent-encoded, so a value can never change the URL's
 * structure.
 */
export function expandMacros(template: string, context: MacroContext, alias = ''): string {
  const enc = encodeURIComponent;
  return template
    .replace(/%ALIAS%/gi, () => enc(alias))
    .replace(/%DID%|\$\{DD_UUID\}/gi, () => context.uuid)
    .replace(/%DPID_(\d+)%/gi, (_m, dpid: string) => enc(context.declared.get(Number(dpid)) ?? ''))
    .replace(/%HTTP_PROTO%/gi, () => (context.secure ? 'https' : 'http'))
    .replace(/%MCID%/gi, () => context.mid)
    .replace(/%REGION%/gi, () => String(context.region))
    .replace(/%RND%/gi, () => String(Math.floor(Math.random() * 1e12)))
    .replace(/%TIMESTAMP%/gi, () => String(context.now))
    .replace(/\$\{GDPR\}/g, () => (context.gdprApplies ? '1' : '0'))
    .replace(/\$\{GDPR_CONSENT_\d+\}/g, () => enc(context.consentString));
}
