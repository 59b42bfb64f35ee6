import { parseParams } from '../event/parse-params';

/**
 * A raw query string or form body with every private (`p_`) value replaced by `[redacted]`,
 * for the request log. A key is decoded exactly as `/event` decodes it before evaluation, so
 * `%70_age=23` (evaluated as `p_age`) is redacted too; a key that cannot be decoded is
 * redacted, since no one can say what it was meant to be.
 */
export function redactQuery(raw: string): string {
  // Nothing encoded: every key is as evaluated, and one pass does (this runs for every call).
  if (!raw.includes('%') && !raw.includes('+')) return raw.replace(/(^|&)(p_[^=&]*)=[^&]*/g, '$1$2=[redacted]');
  return raw
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      return isPrivateKey(part.slice(0, eq)) ? `${part.slice(0, eq)}=[redacted]` : part;
    })
    .join('&');
}

function isPrivateKey(rawKey: string): boolean {
  // Most keys need no decoding: this runs for every recorded call.
  if (!rawKey.includes('%') && !rawKey.includes('+')) return rawKey.startsWith('p_');
  try {
    const [key] = parseParams(rawKey).keys();
    return key === undefined || key.startsWith('p_');
  } catch {
    return true;
  }
}
