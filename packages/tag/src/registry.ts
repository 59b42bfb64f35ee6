import { FULL } from './errors';

/**
 * What the relays on this page have claimed (`partner:acme`, `gpt:aud`, …), kept on the
 * window under a registered symbol so that every copy of the tag (several `data-global`
 * names, the npm build, the outputs bundle) sees the same claims.
 */
function claims(win: Window): Map<string, string> {
  const host = win as unknown as Record<symbol, Map<string, string> | undefined>;
  return (host[Symbol.for('audience-relay.claims')] ??= new Map());
}

/**
 * Claims each `what: value` for `partner`; returns a problem for each already claimed by
 * another partner. A partner may claim its own names again (the tag at config, then its
 * outputs bundle).
 */
export function claim(win: Window, partner: string, items: Array<[what: string, value: string | undefined]>): string[] {
  const taken = claims(win);
  const problems: string[] = [];
  for (const [what, value] of items) {
    const owner = value === undefined ? undefined : taken.get(`${what}:${value}`);
    if (owner !== undefined && owner !== partner) problems.push(`${what} "${value}"${FULL ? ` is already used by partner "${owner}" on this page` : ` taken by ${owner}`}`);
  }
  if (problems.length === 0) for (const [what, value] of items) if (value !== undefined) taken.set(`${what}:${value}`, partner);
  return problems;
}

/** The partner that claimed `what: value` on this page, if any. */
export function owner(win: Window, what: string, value: string): string | undefined {
  return claims(win).get(`${what}:${value}`);
}

/** Releases everything `partner` claimed (on destroy). */
export function release(win: Window, partner: string): void {
  const taken = claims(win);
  for (const [key, owner] of taken) if (owner === partner) taken.delete(key);
}
