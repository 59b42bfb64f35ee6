import type { CompiledPartner } from '../config';
import { expandMacros, type MacroContext } from './macros';

export interface CookieDestination {
  cn: string;
  cv: string;
  ttl: number;
  dmn: string;
}

export interface UrlDestination {
  id: string;
  y: 'img' | 'iframe';
  c: string;
  e: string;
}

export interface IdSync {
  id: string;
  tag: 'img' | 'iframe';
  url: string[];
  ttl: number;
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
      id: String(dest.id),
      y: dest.type ?? 'img',
      c: expandMacros(dest.url, context, alias),
      e: expandMacros(dest.secureUrl ?? dest.url, context, alias),
    }));
  });
}

/** `ibs`: the partner's ID syncs, with `${DD_UUID}` and the consent macros filled in. */
export function idSyncs(partner: CompiledPartner, context: MacroContext): IdSync[] {
  return partner.idSyncs.map((sync) => ({
    id: String(sync.id),
    tag: sync.tag ?? 'img',
    url: [expandMacros(sync.url, context)],
    ttl: sync.ttlMinutes,
  }));
}
