/**
 * The serialized origin (`scheme://host[:port]`) of an http(s) URL that is nothing but an
 * origin (a trailing slash allowed), else null. A path, query, fragment or credentials mean
 * the value is a configuration mistake, not an origin. Origins are then compared with
 * exact string equality, never a prefix or substring test.
 */
// Taken once, when the code starts: a page may delete or replace `URL` later.
const NativeURL: typeof URL | undefined = typeof URL === 'function' ? URL : undefined;

export function parseOrigin(value: unknown): string | null {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return null;
  try {
    const url = new NativeURL!(value);
    return url.origin === value.replace(/\/$/, '').toLowerCase() ? url.origin : null;
  } catch {
    return null;
  }
}
