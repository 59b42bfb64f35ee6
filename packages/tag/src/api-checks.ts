// The input checks of the relay's calls other than values (those are in signals.ts): each
// reads the page's object once and throws one BAD_REQUEST naming the problem.
import { MAX_URL_BYTES, isRecord, keys, own, wireLength } from '@audience-relay/protocol';
import { checkMs } from './check';
import { EVENTS } from './emitter';
import { FULL, inputError, readable } from './errors';
import { NativeURL } from './platform';
import type { RelayEventName } from './types';

/**
 * The URL as sent to the DCS: no query, fragment or path parameters, which may carry personal
 * data or a session (`/cart;jsessionid=…`, as servlet containers rewrite URLs for visitors
 * without the cookie). Null (no `d_url`) when not http(s), or longer on the wire than
 * MAX_URL_BYTES.
 */
export function pageUrl(href: string): string | null {
  // What the DCS never gets (the query, the fragment) is cut before the URL is parsed, and a
  // rest over the limit is refused on its length (encoding never makes it shorter): a URL of
  // megabytes is no long task.
  const head = href.slice(0, href.search(/[?#]/) >>> 0);
  if (head.length > MAX_URL_BYTES) return null;
  try {
    const url = new NativeURL!(head);
    const sent = url.origin + url.pathname.replace(/;[^/]*/g, '');
    return /^https?:$/.test(url.protocol) && wireLength(sent) <= MAX_URL_BYTES ? sent : null;
  } catch {
    return null;
  }
}

/**
 * The first own key of a command's options other than `known`. Made long after start, on a page
 * that may have patched `Array.prototype.includes` or its iterator since: a plain loop over the
 * `Object.keys` taken at start (`config`'s `unknownKeys` runs at config).
 */
function unknownOption(options: unknown, known: string): string | undefined {
  if (!isRecord(options)) return undefined;
  const names = keys(options);
  for (let i = 0; i < names.length; i++) if (names[i] !== known) return names[i];
  return undefined;
}

/** `pageView` takes nothing, or `{ url }` with an http(s) URL; returns that URL, read once. */
export function checkPageView(options: unknown): string | undefined {
  return readable('pageView', () => {
    const url = own(options, 'url');
    const ok = options === undefined || (isRecord(options) && (url === undefined || (typeof url === 'string' && pageUrl(url) !== null)));
    if (!ok) throw inputError('pageView', [FULL ? `expected nothing or { url } with an http(s) URL (${MAX_URL_BYTES} bytes percent-encoded, without query and fragment)` : 'url']);
    // A misspelt key (`uri`) would send the URL the browser shows, not the one meant.
    const extra = unknownOption(options, 'url');
    if (extra !== undefined) throw inputError('pageView', [`unknown option "${extra}"`]);
    return url as string | undefined;
  });
}

/** `ready` takes nothing, or `{ timeoutMs }` of 1 to 30000 ms; returns that deadline, read once. */
export function checkReadyOptions(options: unknown): number | undefined {
  return readable('ready options', () => {
    const problems: string[] = [];
    const timeoutMs = own(options, 'timeoutMs');
    if (options !== undefined && !isRecord(options)) problems.push(FULL ? 'expected nothing or { timeoutMs }' : 'options');
    else {
      if (timeoutMs !== undefined) checkMs(problems, 'timeoutMs', timeoutMs, 30000);
      // A misspelt key (`timeout`) would wait the config's deadline, not the one meant.
      const extra = unknownOption(options, 'timeoutMs');
      if (extra !== undefined) problems.push(`unknown option "${extra}"`);
    }
    if (problems.length > 0) throw inputError('ready options', problems);
    return timeoutMs as number | undefined;
  });
}

/** `on`/`off` take a known event name and a function. */
export function checkListener(event: unknown, listener: unknown): asserts event is RelayEventName {
  if (!EVENTS.includes(event as RelayEventName) || typeof listener !== 'function') {
    throw inputError('listener', [FULL ? `expected (${EVENTS.map((e) => `"${e}"`).join(' | ')}, function)` : 'arguments']);
  }
}
