import { RelayError, type EventParams } from '@audience-relay/protocol';
import { parseEventResponse, type ParsedResponse } from './parse-response';

/** Longest GET URL the DCS accepts; longer calls go out as a POST form body. */
export const MAX_GET_URL = 8192;
/** Largest POST body the DCS accepts. */
export const MAX_POST_BODY = 32768;

/** Control keys of every event call: JSON answer, v1 with ID syncs, destinations, traits + segments. */
const CONTROL = 'd_rtbd=json&d_jsonv=1&d_dst=1&d_cts=2';

export interface DcsClientOptions {
  /** `https://dcs.example/event`: the frame's own origin. */
  endpoint: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

export interface DcsClient {
  event(params: EventParams): Promise<ParsedResponse>;
}

/** The `/event` query string for `params`, control keys first, every value percent-encoded. */
export function buildEventQuery(params: EventParams): string {
  const parts = [CONTROL];
  for (const [key, values] of Object.entries(params.signals)) {
    for (const value of values) parts.push(`${key}=${encodeURIComponent(value)}`);
  }
  if (params.traits.length > 0) parts.push(`d_sid=${params.traits.join(',')}`);
  return parts.join('&');
}

/**
 * Calls the DCS `/event` endpoint. One call is in flight at a time (concurrent calls for
 * one visitor can overwrite each other's profile updates on the DCS); later calls wait
 * their turn. Each call has its own deadline and always settles.
 */
export function createDcsClient(options: DcsClientOptions): DcsClient {
  let queue: Promise<unknown> = Promise.resolve();

  async function send(params: EventParams): Promise<ParsedResponse> {
    const query = buildEventQuery(params);
    const getUrl = `${options.endpoint}?${query}`;
    const init: RequestInit = { credentials: 'include', cache: 'no-store' };
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
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const response = await options.fetch(url, init);
      if (!response.ok) throw new RelayError('DCS_ERROR', `DCS answered HTTP ${response.status}`);
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new RelayError('DCS_ERROR', 'DCS answered with a body that is not JSON');
      }
      const parsed = parseEventResponse(body);
      if (!parsed) throw new RelayError('DCS_ERROR', 'DCS answered with JSON that is not an event response');
      return parsed;
    } catch (error) {
      if (error instanceof RelayError) throw error;
      if (controller.signal.aborted) {
        throw new RelayError('DCS_TIMEOUT', `DCS did not answer within ${options.timeoutMs} ms`);
      }
      throw new RelayError('DCS_ERROR', `DCS unreachable: ${String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    event(params) {
      const call = queue.then(() => send(params));
      queue = call.catch(() => undefined);
      return call;
    },
  };
}
