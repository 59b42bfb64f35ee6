import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Fault } from '../admin/faults';
import { redactQuery } from '../admin/redact-query';
import { clickRedirect } from '../event/click-redirect';
import { DCS_MESSAGES } from '../event/dcs-error';
import { handleEvent } from '../event/handle-event';
import { locationOf } from '../event/caller-location';
import { callerIp, cors, fromBrowser, pixel, readBody, sendJson, text, tooLarge } from '../http';
import { readCookie, uuidCookie } from '../identity';
import type { Route } from './route';

export const MAX_GET_URL = 8192;
export const MAX_POST_BODY = 32768;

/** `GET|POST /event`: rate limit, injected faults, qualification, the request log. */
export const eventRoute: Route = async (req, res, { state, partner, url }) => {
  const started = Date.now();
  cors(req, res, partner);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Max-Age': '600' }).end();
    return;
  }
  let raw: string;
  // A POST body of another type is read as no parameters: Audience Manager's "DCS API
  // Methods" requires application/x-www-form-urlencoded (a form parser sees nothing else).
  let bodyIgnored = false;
  if (req.method === 'GET') {
    if ((req.url ?? '').length > MAX_GET_URL) return tooLarge(res, `GET URL over ${MAX_GET_URL} bytes`);
    raw = url.search.slice(1);
  } else if (req.method === 'POST') {
    const body = await readBody(req, MAX_POST_BODY);
    if (body === null) return tooLarge(res, `POST body over ${MAX_POST_BODY} bytes`);
    // DIL puts d_dil_ver and _ts in the query string of its POST: both parts count.
    const query = url.search.slice(1);
    const form = isFormType(req.headers['content-type']) ? body : '';
    bodyIgnored = body !== '' && form === '';
    raw = query && form ? `${query}&${form}` : query || form;
  } else return text(res, 405, 'method not allowed');

  const refusedOrigin = refusedCorsOrigin(req, partner.allowedOrigins);
  const record = (status: number, uuid: string | null, errors: number[], signals: Record<string, string[]> = {}, errorMessages: string[] = []): void => {
    const path = `/event${raw ? `?${redactQuery(raw)}` : ''}`;
    state.requests.add({
      time: started,
      method: req.method ?? 'GET',
      partner: partner.name,
      path,
      signals,
      uuid,
      status,
      errors,
      ...(errorMessages.length ? { errorMessages } : {}),
      ...(refusedOrigin ? { refusedOrigin } : {}),
      durationMs: Date.now() - started,
    });
    const refused = refusedOrigin
      ? ` CORS refused: origin ${refusedOrigin} is not in partners.${partner.name}.allowedOrigins, so the browser hides this answer from the caller (a frame on a CDN needs the CDN's origin there)`
      : '';
    state.note(() => `${req.method} /event partner=${partner.name} status=${status} uuid=${uuid ?? '-'} signals=${JSON.stringify(signals)}${errors.length ? ` errors=${errors.map((code, i) => (errorMessages[i] ? `${code} (${errorMessages[i]})` : code)).join('; ')}` : ''}${refused}`);
  };
  if (state.rate.over(partner.name, partner.rateLimitPerSecond)) {
    record(429, null, []);
    res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'text/plain' }).end('rate limited');
    return;
  }
  // A reset (the QA kit's, before each test) while this call waits, on an injected latency or
  // a slow content provider: the call belongs to what was forgotten.
  const interrupted = state.interrupted;
  const fault: Fault | null = state.faults.take();
  if (fault?.latencyMs) {
    try {
      await sleep(fault.latencyMs, undefined, { signal: interrupted });
    } catch {
      // Reset or closed meanwhile: the call belongs to what was forgotten; dropped unanswered.
      req.socket.destroy();
      return;
    }
  }
  if (fault?.dropConnection) {
    record(0, null, []);
    req.socket.destroy();
    return;
  }
  if (fault?.status !== undefined) {
    record(fault.status, null, []);
    sendJson(res, fault.status, { stuff: [], errors: [{ code: 0, msg: `injected HTTP ${fault.status}` }] }, ['0']);
    return;
  }

  const ip = callerIp(req);
  const outcome = await handleEvent(
    partner,
    {
      raw,
      cookie: readCookie(req.headers.cookie, state.config().deviceCookie.name),
      secure: state.secure,
      fromBrowser: fromBrowser(req),
      headers: requestHeaders(req),
      ...(ip !== undefined ? { ip } : {}),
      location: locationOf(state.config().geo, ip),
    },
    state.profiles,
    { now: Date.now(), providerTimeout: fault?.providerTimeout ?? false, mids: state.mids },
  );
  if (interrupted.aborted) {
    req.socket.destroy();
    return;
  }
  if (outcome.setUuid) res.setHeader('Set-Cookie', uuidCookie(outcome.setUuid, state.config().deviceCookie, req.headers.host));
  if (bodyIgnored) (outcome.body.errors ??= []).push({ code: 0, msg: DCS_MESSAGES.postBodyNotForm(req.headers['content-type'] ?? '') });
  const errorCodes = (outcome.body.errors ?? []).map((e) => String(e.code));
  // A click-tracking call sends the browser on, whatever the DCS made of the call.
  const redirect = clickRedirect(raw, { uuid: outcome.body.uuid ?? null, region: partner.region });
  record(redirect ? 302 : 200, outcome.body.uuid ?? null, errorCodes.map(Number), outcome.loggedSignals, (outcome.body.errors ?? []).map((e) => e.msg));
  if (redirect) {
    const headers: Record<string, string> = { Location: redirect, 'Cache-Control': 'no-store' };
    if (errorCodes.length) headers['X-Error'] = errorCodes.join(',');
    res.writeHead(302, headers).end();
    return;
  }
  if (fault?.malformedBody) {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"stuff":[{"cn":');
    return;
  }
  if (!outcome.json) return pixel(res, errorCodes);
  if (outcome.callback) {
    if (errorCodes.length) res.setHeader('X-Error', errorCodes.join(','));
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end(`${outcome.callback}(${JSON.stringify(outcome.body)})`);
    return;
  }
  sendJson(res, 200, outcome.body, errorCodes);
};

/**
 * The origin of a CORS call (`Sec-Fetch-Mode: cors`, as browsers send it) that the partner does
 * not allow, else null. A page-hide beacon or an image comes without CORS: its answer is not
 * read, so no origin is refused there.
 */
function refusedCorsOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): string | null {
  const origin = req.headers.origin;
  if (req.headers['sec-fetch-mode'] !== 'cors' || typeof origin !== 'string' || allowed.has(origin)) return null;
  return origin;
}

function requestHeaders(req: IncomingMessage) {
  return {
    ...(req.headers.referer ? { referer: req.headers.referer } : {}),
    ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    ...(req.headers['accept-language'] ? { acceptLanguage: req.headers['accept-language'] } : {}),
    ...(typeof req.headers.referrer === 'string' ? { referrer: req.headers.referrer } : {}),
    ...(req.headers.date ? { date: req.headers.date } : {}),
    ...(req.headers.host ? { host: req.headers.host } : {}),
    ...(typeof req.headers['sec-gpc'] === 'string' ? { gpc: req.headers['sec-gpc'] } : {}),
  };
}

/** `application/x-www-form-urlencoded`, parameters (`; charset=UTF-8`) and case aside. */
function isFormType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
