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
    if (Number(req.headers['content-length']) > limit) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString(encoding)));
    req.on('error', reject);
  });
}
