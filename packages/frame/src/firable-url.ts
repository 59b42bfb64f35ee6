/**
 * A URL the DCS asks the frame to fire, or null. demdex.net writes sync and destination URLs
 * as `//host/path`, for the page's scheme (Adobe's destination iframe fires them so); the
 * frame gives them its own. Anything but http(s), or over 2,048 characters, is never fired.
 */
export function firableUrl(value: unknown, secure: boolean): string | null {
  if (typeof value !== 'string') return null;
  const url = value.startsWith('//') ? (secure ? 'https:' : 'http:') + value : value;
  return /^https?:\/\//i.test(url) && url.length <= 2048 ? url : null;
}
