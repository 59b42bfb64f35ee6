import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledPartner } from './config';

/** 1×1 transparent GIF: the answer to pixel calls (`/event` without `d_rtbd=json`, `/ibs:`, opt-out). */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** CORS for allowed origins only: the request origin echoed (never `*`), with credentials. */
export function cors(req: IncomingMessage, res: ServerResponse, partner: CompiledPartner): void {
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (origin && partner.allowedOrigins.has(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, errorCodes: string[]): void {
  const json = JSON.stringify(body);
  // A string body with an explicit length goes out with the headers in one write (a Buffer
  // body would be a second chunk): this is most of an answer's cost at thousands a second.
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(json),
  };
  if (errorCodes.length > 0) headers['X-Error'] = errorCodes.join(',');
  res.writeHead(status, headers).end(json);
}

/** A JSONP answer, `callback({...})`: the callback name is checked by the caller. */
export function sendJsonp(res: ServerResponse, callback: string, body: unknown, errorCodes: string[]): void {
  const headers: Record<string, string> = { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (errorCodes.length > 0) headers['X-Error'] = errorCodes.join(',');
  res.writeHead(200, headers).end(`${callback}(${JSON.stringify(body)})`);
}

export function pixel(res: ServerResponse, errorCodes: string[]): void {
  const headers: Record<string, string> = { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' };
  if (errorCodes.length > 0) headers['X-Error'] = errorCodes.join(',');
  res.writeHead(200, headers).end(PIXEL);
}

export function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
}

export function tooLarge(res: ServerResponse, why: string): void {
  // The rest of the body is not read: the connection closes after this answer.
  res.setHeader('Connection', 'close');
  sendJson(res, 200, { stuff: [], errors: [{ code: 0, msg: `request too large: ${why}` }] }, ['0']);
}

/**
 * The request body, or null as soon as it is known to be over `limit` bytes (its
 * Content-Length, or what has come so far): the rest is never read, so a client sending
 * gigabytes, or declaring them and trickling, holds nothing. The caller then answers with
 * `Connection: close`.
 */
export function readBody(req: IncomingMessage, limit: number, encoding: BufferEncoding = 'latin1'): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return resolve(null);
    // One buffer, copied into, not a Buffer kept per chunk: a body trickled a byte at a time
    // cost ~190 bytes of heap per byte received (test/body-trickle-memory.test.ts).
    // (Sized by what arrives, from 4 KiB up: a declared length alone reserves no more.)
    let body = Buffer.allocUnsafe(Math.min(limit, declared > 0 ? declared : 4096, 4096));
    let size = 0;
    const onData = (chunk: Buffer): void => {
      if (size + chunk.length > limit) {
        size += chunk.length;
        req.off('data', onData);
        req.pause();
        return resolve(null);
      }
      if (size + chunk.length > body.length) {
        const bigger = Buffer.allocUnsafe(Math.min(limit, Math.max(body.length * 2, size + chunk.length)));
        body.copy(bigger, 0, 0, size);
        body = bigger;
      }
      chunk.copy(body, size);
      size += chunk.length;
    };
    req.on('data', onData);
    req.on('end', () => resolve(size > limit ? null : body.toString(encoding, 0, size)));
    req.on('error', reject);
  });
}

/**
 * Whether a browser made the call: browsers send `Sec-Fetch-Site` (to a secure origin, which
 * `*.localhost` is), `Origin` (CORS, every POST) or `Referer` (the rest, unless a policy drops
 * it); a server-to-server call (Adobe's "Making Server-to-Server DCS API Calls", curl, a
 * smart TV's direct integration) sends none. Only a browser can have "blocked third-party
 * cookies" (error 172).
 */
export function fromBrowser(req: IncomingMessage): boolean {
  return req.headers['sec-fetch-site'] !== undefined || req.headers.origin !== undefined || req.headers.referer !== undefined;
}

/** The caller's address as the DCS sees it (the connection's, never a forwarding header's), IPv4 without its `::ffff:` mapping. */
export function callerIp(req: IncomingMessage): string | undefined {
  return req.socket.remoteAddress?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}
