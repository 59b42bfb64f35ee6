/** One page of a list in the admin API. */
export interface Page<T> {
  /** How many items match the filters, over all pages. */
  total: number;
  offset: number;
  limit: number;
  /** The path of the next page (same filters), or null on the last one. */
  next: string | null;
  items: T[];
}

/** Filters a list by `uuid` and `partner`, as the admin API's lists take them. */
export interface ListQuery {
  uuid: string | null;
  partner: string | null;
  offset: number;
  limit: number;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
const KNOWN = new Set(['uuid', 'partner', 'offset', 'limit']);

/** Reads `?uuid=&partner=&offset=&limit=`; returns every problem, or the query. */
export function parseListQuery(params: URLSearchParams): ListQuery | string[] {
  const problems: string[] = [];
  for (const key of new Set(params.keys())) if (!KNOWN.has(key)) problems.push(`unknown parameter "${key.slice(0, 40)}": expected uuid, partner, offset or limit`);
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) problems.push(`${name}: expected a whole number from ${min} to ${max}`);
    return value;
  };
  const query = {
    uuid: params.get('uuid'),
    partner: params.get('partner'),
    offset: whole('offset', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: whole('limit', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
  };
  return problems.length > 0 ? problems : query;
}

/** The page of `items` (already filtered) the query asks for; `path` is the list's own path. */
export function page<T>(items: readonly T[], query: ListQuery, path: string): Page<T> {
  const end = query.offset + query.limit;
  let next: string | null = null;
  if (end < items.length) {
    const params = new URLSearchParams();
    if (query.uuid !== null) params.set('uuid', query.uuid);
    if (query.partner !== null) params.set('partner', query.partner);
    params.set('offset', String(end));
    params.set('limit', String(query.limit));
    next = `${path}?${params}`;
  }
  return { total: items.length, offset: query.offset, limit: query.limit, next, items: items.slice(query.offset, end) };
}
