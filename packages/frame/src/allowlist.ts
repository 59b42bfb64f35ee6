/**
 * The origins allowed to embed and talk to this frame. Comparison is exact string equality
 * on serialized origins (`scheme://host[:port]`), never a substring or prefix test:
 * `https://publisher.example.evil` must not pass for `https://publisher.example`.
 */
export function parseAllowedOrigins(declared: string): ReadonlySet<string> {
  const origins = new Set<string>();
  for (const candidate of declared.split(/\s+/)) {
    const origin = toOrigin(candidate);
    if (origin) origins.add(origin);
  }
  return origins;
}

function toOrigin(candidate: string): string | null {
  if (!/^https?:\/\//.test(candidate)) return null;
  try {
    const url = new URL(candidate);
    // An entry with a path, query or credentials is a configuration mistake, not an origin.
    if (url.origin !== candidate.replace(/\/$/, '')) return null;
    return url.origin;
  } catch {
    return null;
  }
}
