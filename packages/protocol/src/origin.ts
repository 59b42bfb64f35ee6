import { taken } from './intrinsics';
/**
 * The serialized origin (`scheme://host[:port]`) of an http(s) URL that is nothing but an
 * origin (a trailing slash allowed), else null. A path, query, fragment or credentials mean
 * the value is a configuration mistake, not an origin. Origins are then compared with
 * exact string equality, never a prefix or substring test.
 */
// Taken once, when the code starts: a page may delete or replace `URL` later.
const NativeURL = taken(() => URL);

/**
 * A host a browser can load: letters, digits, `.`, `-`, `_` (IDNs come as punycode), or an IPv6
 * literal. The URL parser takes more, such as `*.dcs.example` written as in a CSP, which no
 * page or frame ever has as its origin.
 */
export const isLoadableHost = (hostname: string): boolean => /^([\w.-]+|\[[\da-f:.]+\])$/i.test(hostname);

export function parseOrigin(value: unknown): string | null {
  // Scheme and authority only (no credentials), a trailing slash allowed; written in any form
  // that names one origin (`:443` for https, an internationalized host), it is returned as
  // browsers serialize it (`https://xn--bcher-kva.example`), the form compared exactly later.
  if (typeof value !== 'string' || !/^https?:\/\/[^/?#@\\]+\/?$/i.test(value)) return null;
  try {
    const url = new NativeURL!(value);
    return isLoadableHost(url.hostname) ? url.origin : null;
  } catch {
    return null;
  }
}
