/**
 * A redirect target the parser has decoded (`caf%C3%A9` is `café` by now, a `%0A` a line break)
 * as a `Location` value: every character outside visible ASCII percent-encoded (UTF-8), as a
 * browser sends them. Node refuses a header with a line break or a character over U+00FF, and
 * sends U+0080-U+00FF as single Latin-1 bytes, which a browser does not read as the UTF-8 the
 * target meant; so the visitor lands where the URL says, and no value can add a header.
 */
export function headerSafeUrl(url: string): string {
  return url.replace(/[^\x21-\x7e]/gu, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      // A lone surrogate: no character to send.
      return '';
    }
  });
}
