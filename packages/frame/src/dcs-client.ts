import { MAX_GET_URL, MAX_POST_BODY, RelayError, buildEventQuery, type EventCall, type Sent } from '@audience-relay/protocol';
import { parseEventResponse, type ParsedResponse } from './parse-response';

// The query is built in the protocol package: the tag builds it too, for the call it sends
// itself when the page is hidden.
export { MAX_GET_URL, MAX_POST_BODY, buildEventQuery, privacyQuery, type EventCall } from '@audience-relay/protocol';

export interface DcsClientOptions {
  /** `https://dcs.example/event`: on the DCS fixed in the frame (`dcs-endpoint.ts`), called by CORS with credentials when that is not the frame's own origin. */
  endpoint: string;
  fetch: typeof fetch;
  /** Deadline of one event call, retry included. */
  timeoutMs: number;
}

export interface DcsClient {
  /** `sent`: called as the request goes to the browser, after the calls before it; `sent(false)` while a refused one waits to go again. */
  event(call: EventCall, sent?: Sent): Promise<ParsedResponse>;
}

/**
 * Calls the DCS `/event` endpoint. One call is in flight at a time (concurrent calls for
 * one visitor can overwrite each other's profile updates on the DCS); later calls wait
 * their turn. Each call settles by its deadline; a 429 or 503 is retried once, after its
 * `Retry-After`, when that still fits in the deadline, and is `DCS_BUSY` when refused again.
 */
export function createDcsClient(options: DcsClientOptions): DcsClient {
  // The calls waiting or in flight, settled or not; null when there are none: the next call
  // goes at once, in the caller's task (the boot call's request leaves before the frame's other
  // start-up work), not a microtask later.
  let queue: Promise<unknown> | null = null;

  async function send(call: EventCall, sent?: Sent): Promise<ParsedResponse> {
    const query = buildEventQuery(call);
    const getUrl = `${options.endpoint}?${query}`;
    // A redirect is never followed: the frame calls its DCS and nothing else. Kept alive: a
    // frame that reloads (its element moved) while the request still waits in the browser (for
    // a connection, a DNS lookup) has told the tag `sent`, and the call goes without its signals
    // next time; the browser sends it all the same (at most 64 KiB in flight; one call is).
    const init: RequestInit = { credentials: 'include', cache: 'no-store', redirect: 'error', keepalive: true };
    let url = getUrl;
    if (getUrl.length > MAX_GET_URL) {
      if (query.length > MAX_POST_BODY) {
        throw new RelayError('BAD_REQUEST', `event call of ${query.length} bytes exceeds the DCS limit of ${MAX_POST_BODY}`);
      }
      url = options.endpoint;
      init.method = 'POST';
      init.headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
      init.body = query;
    }
    const controller = new AbortController();
    init.signal = controller.signal;
    const deadline = Date.now() + options.timeoutMs;
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      // The browser has the request from here (kept alive: it goes even if this frame is
      // torn down next).
      const request = options.fetch(url, init);
      sent?.();
      let response = await request;
      const wait = retryDelay(response, deadline);
      if (wait !== null) {
        // Not taken: a frame torn down during the wait (its element moved) never made the call,
        // and the tag sends it again with its signals (outside review attack15).
        sent?.(false);
        await new Promise((resolve) => setTimeout(resolve, wait));
        const retry = options.fetch(url, init);
        sent?.();
        response = await retry;
      }
      // Refused for now, and so not taken: the tag sends it again later, as Adobe asks of a 429.
      if (response.status === 429 || response.status === 503) throw new RelayError('DCS_BUSY', `DCS answered HTTP ${response.status}`);
      if (!response.ok) throw new RelayError('DCS_ERROR', `DCS answered HTTP ${response.status}`);
      let body: unknown;
      try {
        body = JSON.parse(await readCapped(response));
      } catch (error) {
        if (error instanceof RelayError) throw error;
        throw new RelayError('DCS_ERROR', 'DCS answered with a body that is not JSON');
      }
      const parsed = parseEventResponse(body, url.startsWith('https:'));
      if (!parsed) throw new RelayError('DCS_ERROR', 'DCS answered with JSON that is not an event response');
      return parsed;
    } catch (error) {
      if (controller.signal.aborted) throw new RelayError('DCS_TIMEOUT', `DCS did not answer within ${options.timeoutMs} ms`);
      if (error instanceof RelayError) throw error;
      // The browser hides a CORS refusal as it does a network failure (a frame on a CDN whose
      // origin the DCS does not allow): the message names both.
      throw new RelayError('DCS_ERROR', `DCS unreachable, or its CORS does not allow this frame's origin: ${String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    event(call, sent) {
      const result = queue ? queue.then(() => send(call, sent)) : send(call, sent);
      const settled = result.then(
        () => undefined,
        () => undefined,
      );
      queue = settled;
      void settled.then(() => {
        if (queue === settled) queue = null;
      });
      return result;
    },
  };
}

/**
 * The largest answer the frame reads. Every list it keeps, at its cap (parse-response.ts), fits
 * in a few hundred KB; the frame may share the publisher page's process (Android isolates
 * only some sites), so a larger body is refused as it is read (characters, near enough).
 */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * The answer's text, read as it streams, up to MAX_ANSWER_BYTES. Bytes through one streaming
 * `TextDecoder` (a character split between chunks is kept for the next): `TextDecoderStream`
 * and `pipeThrough` came later than the browsers we support (Firefox 105 and 102).
 */
async function readCapped(response: Response): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let read = await reader.read(); ; read = await reader.read()) {
    text += decoder.decode(read.value, { stream: !read.done });
    if (read.done) return text;
    if (text.length > MAX_ANSWER_BYTES) {
      void reader.cancel().catch(() => {});
      throw new RelayError('DCS_ERROR', `DCS answered with over ${MAX_ANSWER_BYTES} bytes`);
    }
  }
}

const UNREAD_RETRY_AFTER_MS = 1000;

/**
 * Milliseconds to wait before the one retry of a 429/503, or null for no retry. A frame on
 * another origin than the DCS sees only the headers the DCS exposes by CORS, and neither
 * Audience Manager nor mock-dcs exposes `Retry-After`: there it waits UNREAD_RETRY_AFTER_MS
 * rather than retry at once, which an overloaded DCS that asked for a pause would not want.
 */
function retryDelay(response: Response, deadline: number): number | null {
  if (response.status !== 429 && response.status !== 503) return null;
  // On a CORS answer a missing header may only be hidden; on the frame's own origin it is absent.
  const header = response.headers.get('Retry-After') ?? (response.type === 'cors' ? String(UNREAD_RETRY_AFTER_MS / 1000) : '0');
  const wait = /^\d+$/.test(header) ? Number(header) * 1000 : Math.max(0, Date.parse(header) - Date.now());
  if (!Number.isFinite(wait)) return null;
  // Leave time for the retried call itself.
  return Date.now() + wait + 100 < deadline ? wait : null;
}
