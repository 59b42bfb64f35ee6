/**
 * A URL the DCS asks the frame to fire, or null: http(s), or `//host/path` as demdex.net
 * writes sync and destination URLs. The frame fires those as they are, so they take its own
 * scheme, as they take the page's in Adobe's destination iframe. Anything else, or over 2,048
 * characters, is never fired.
 */
export function firableUrl(value: unknown): string | null {
  return typeof value == 'string' && /^(https?:)?\/\//i.test(value) && value.length <= 2048 ? value : null;
}
