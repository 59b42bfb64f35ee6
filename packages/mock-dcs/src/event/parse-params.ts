/** Thrown for a bad percent-escape: the DCS ignores the whole request (error 311). */
export class EncodingError extends Error {}

/**
 * Parses an `/event` query string or form body into key → values. A key may repeat
 * (`k=a&k=b`) or be comma-serialized (`k=a,b`); one surrounding pair of double quotes is
 * stripped (`age="41 to 55"`), and a quoted value is never split on commas.
 *
 * The separator is a literal comma only: a percent-encoded one (`%2C`) is part of its value,
 * as RFC 3986 makes an encoded reserved character data, not a delimiter. Adobe's clients count
 * on it: DIL encodes each trait ID and then joins them with a literal comma (`d_sid`), and a
 * signal value or a customer ID with a comma (`d_cid_ic=crm%01smith%2C%20john`, which
 * VisitorAPI.js and Adobe's "CID Replaces DPID and DPUUID" encode so that it is "transmitted
 * correctly") is one value.
 */
export function parseParams(raw: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const value = decode(rawValue);
    let values = params.get(key);
    if (!values) params.set(key, (values = []));
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) values.push(value.slice(1, -1));
    else if (rawValue.includes(',')) values.push(...rawValue.split(',').map(decode));
    else values.push(value);
  }
  return params;
}

function decode(text: string): string {
  // Most keys and values need no decoding (this runs about fifty times per call).
  if (!text.includes('%') && !text.includes('+')) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new EncodingError(`bad percent-encoding in "${text.slice(0, 40)}"`);
  }
}
