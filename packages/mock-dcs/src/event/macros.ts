/** Values the destination and ID-sync macros expand to. */
export interface MacroContext {
  uuid: string;
  region: number;
  secure: boolean;
  gdprApplies: boolean;
  consentString: string;
  /** Declared IDs of this call by data source, for `%DPID_<n>%`. */
  declared: ReadonlyMap<number, string>;
  now: number;
}

/**
 * Expands `%ALIAS%`, `%DID%`, `%DPID_<n>%`, `%HTTP_PROTO%`, `%REGION%`, `%RND%`, `%TIMESTAMP%`,
 * `${DD_UUID}`, `${GDPR}` and `${GDPR_CONSENT_<vendor>}`. Substituted values are
 * percent-encoded, so a value can never change the URL's structure.
 */
export function expandMacros(template: string, context: MacroContext, alias = ''): string {
  const enc = encodeURIComponent;
  return template
    .replace(/%ALIAS%/g, () => enc(alias))
    .replace(/%DID%|\$\{DD_UUID\}/g, () => context.uuid)
    .replace(/%DPID_(\d+)%/g, (_m, dpid: string) => enc(context.declared.get(Number(dpid)) ?? ''))
    .replace(/%HTTP_PROTO%/g, () => (context.secure ? 'https' : 'http'))
    .replace(/%REGION%/g, () => String(context.region))
    .replace(/%RND%/g, () => String(Math.floor(Math.random() * 1e12)))
    .replace(/%TIMESTAMP%/g, () => String(context.now))
    .replace(/\$\{GDPR\}/g, () => (context.gdprApplies ? '1' : '0'))
    .replace(/\$\{GDPR_CONSENT_\d+\}/g, () => enc(context.consentString));
}
