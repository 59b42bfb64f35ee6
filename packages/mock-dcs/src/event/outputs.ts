import type { CompiledPartner } from '../config';
import { expandMacros, type MacroContext } from './macros';

export interface CookieDestination {
  cn: string;
  cv: string;
  ttl: number;
  dmn: string;
}

/** A `dests` entry, its keys in the order demdex.net sends them. */
export interface UrlDestination {
  /** Hide referrer: 1, fire in the destination iframe; 0, Adobe's clients fire it on the page. */
  hr: 0 | 1;
  id: string;
  y: 'img' | 'iframe';
  c: string;
  e: string;
}

/** An `ibs` entry, its keys in the order demdex.net sends them. */
export interface IdSync {
  id: string;
  ttl: number;
  tag: 'img' | 'iframe';
  /** 1: fire even where the destination iframe cannot set third-party cookies. */
  fireURLSync: 0 | 1;
  /** 1: Adobe's Visitor API fires it on the page (first-party record), not in the iframe. */
  syncOnPage: 0 | 1;
  url: string[];
}

/** Aliases of the qualifying segments a destination maps, in segment order. */
function aliases(mapping: Record<string, string>, segments: readonly number[]): string[] {
  return segments.flatMap((id) => (Object.prototype.hasOwnProperty.call(mapping, String(id)) ? [mapping[String(id)] as string] : []));
}

/** `stuff`: one cookie per cookie destination with at least one qualifying segment. */
export function cookieDestinations(partner: CompiledPartner, segments: readonly number[]): CookieDestination[] {
  return partner.cookieDestinations.flatMap((dest) => {
    const values = aliases(dest.segments, segments);
    if (values.length === 0) return [];
    const joined = values.join(dest.delimiter ?? ',');
    return [{ cn: dest.name, cv: dest.key ? `${dest.key}=${joined}` : joined, ttl: dest.ttlDays, dmn: dest.domain ?? '' }];
  });
}

/** `dests`: one entry per qualifying alias, or one per destination when serialized. */
export function urlDestinations(partner: CompiledPartner, segments: readonly number[], context: MacroContext): UrlDestination[] {
  return partner.destinations.flatMap((dest) => {
    const values = aliases(dest.segments, segments);
    if (values.length === 0) return [];
    const batches = dest.serialize ? [values.join(dest.serialize.delimiter)] : values;
    return batches.map((alias) => ({
      hr: dest.hideReferrer === false ? 0 : 1,
      id: String(dest.id),
      y: dest.type ?? 'img',
      c: expandMacros(dest.url, context, alias),
      e: expandMacros(dest.secureUrl ?? dest.url, context, alias),
    }));
  });
}

/**
 * `ibs`: the partner's ID syncs for the call's container (`d_nsid`, as given; absent or not a
 * whole number is 0), with `${DD_UUID}` and the consent macros filled in.
 */
export function idSyncs(partner: CompiledPartner, context: MacroContext, nsid?: string): IdSync[] {
  const container = nsid !== undefined && /^\d{1,10}$/.test(nsid) ? Number(nsid) : 0;
  return partner.idSyncs.filter((sync) => !sync.containers || sync.containers.includes(container)).map((sync) => ({
    id: String(sync.id),
    ttl: sync.ttlMinutes,
    tag: sync.tag ?? 'img',
    fireURLSync: sync.fireURLSync ? 1 : 0,
    syncOnPage: sync.syncOnPage ? 1 : 0,
    url: [expandMacros(sync.url, context)],
  }));
}
