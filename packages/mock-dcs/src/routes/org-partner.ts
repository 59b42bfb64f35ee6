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

/**
 * The partner whose data source a declared ID of the call names (`d_cid=DPID%01…`, or
 * `d_cid_ic=CODE%01…`), when exactly one partner has it: how an ID service call without
 * `d_orgid` is placed.
 */
export function partnerOfDataSource(config: CompiledConfig, params: Map<string, string[]>): CompiledPartner | null {
  const found = new Set<CompiledPartner>();
  for (const raw of params.get('d_cid') ?? []) {
    const dpid = Number(raw.split('\u0001')[0]);
    for (const partner of config.partners.values()) if (partner.dataSources.has(dpid)) found.add(partner);
  }
  for (const raw of params.get('d_cid_ic') ?? []) {
    const code = raw.split('\u0001')[0];
    for (const partner of config.partners.values()) {
      for (const source of partner.dataSources.values()) if (source.integrationCode !== undefined && source.integrationCode === code) found.add(partner);
    }
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}
