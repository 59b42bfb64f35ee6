import { parseOrigin } from '@audience-relay/protocol';

/**
 * The origins allowed to embed and talk to this frame, from the DCS's space-separated
 * declaration. Entries that are not plain http(s) origins are dropped. Comparison is exact
 * string equality on serialized origins, never a substring or prefix test:
 * `https://publisher.example.evil` must not pass for `https://publisher.example`.
 */
export function parseAllowedOrigins(declared: string): ReadonlySet<string> {
  const origins = new Set<string>();
  for (const candidate of declared.split(/\s+/)) {
    const origin = parseOrigin(candidate);
    if (origin) origins.add(origin);
  }
  return origins;
}
