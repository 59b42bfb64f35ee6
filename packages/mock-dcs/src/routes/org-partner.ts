import type { CompiledConfig, CompiledPartner } from '../config';

/** The partner the `Host` names (its first label), else the default partner. */
export function hostPartner(config: CompiledConfig, host: string | undefined): CompiledPartner | null {
  const label = (host ?? '').split(':')[0]?.split('.')[0] ?? '';
  return config.partners.get(label) ?? (config.defaultPartner ? (config.partners.get(config.defaultPartner) ?? null) : null);
}

/**
 * The partner of an org, for the ID service's endpoints (`/id`, `/optOutStatus`), whose host
 * (`dpm.`) names no partner: the host's partner when it has that org (or none), else the
 * partner configured with it.
 */
export function partnerForOrg(config: CompiledConfig, hinted: CompiledPartner | null, orgId: string): CompiledPartner | null {
  if (hinted?.orgId === orgId) return hinted;
  for (const partner of config.partners.values()) if (partner.orgId === orgId) return partner;
  return hinted && hinted.orgId === null ? hinted : null;
}
