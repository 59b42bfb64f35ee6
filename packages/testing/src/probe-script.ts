import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What a GET of a script URL from Node answers: its status and whether it allows CORS. */
export type ScriptProbe =
  | { kind: 'answered'; status: number; cors: boolean }
  | { kind: 'unreachable'; error: string };

const LOOPBACK_NAME = /(^|\.)localhost$/i;

/**
 * GETs a script URL once, without cookies, as the snippet's `crossorigin` request would be
 * answered: what the browser saw but does not show (a cross-origin 404 without CORS headers
 * is reported as a bare network error). Node does not resolve `*.localhost` as browsers do,
 * so those names go to 127.0.0.1 with their Host header; on loopback a self-signed
 * certificate (mock-dcs --https) is accepted, since only the status is read.
 */
export function probeScript(url: string, origin: string, timeoutMs = 3000): Promise<ScriptProbe> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ kind: 'unreachable', error: 'not a URL' });
      return;
    }
    const loopback = LOOPBACK_NAME.test(target.hostname);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      {
        host: loopback ? '127.0.0.1' : target.hostname,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: { host: target.host, origin },
        timeout: timeoutMs,
        ...(loopback ? { rejectUnauthorized: false, servername: target.hostname } : {}),
      },
      (res) => {
        clearTimeout(deadline);
        res.resume();
        const allowed = res.headers['access-control-allow-origin'];
        resolve({ kind: 'answered', status: res.statusCode ?? 0, cors: allowed === '*' || allowed === origin });
      },
    );
    // `timeout` above is the socket's idle time only: a server trickling its headers a byte at a
    // time is never idle. The whole answer gets `timeoutMs`.
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(deadline);
      resolve({ kind: 'unreachable', error: error.code ?? error.message });
    });
    req.end();
  });
}
