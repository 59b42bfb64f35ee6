import type { IncomingMessage } from 'node:http';
import { isIPv4 } from 'node:net';

/** Why a request may not use the admin API: an HTTP status and a message, or null when it may. */
export interface AdminRefusal {
  status: 403 | 415;
  error: string;
}

/**
 * The admin API can reset state, replace the config and inject faults, so only tools on this
 * machine may reach it, never a web page on another site:
 *
 * - the `Host` must be a loopback name (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`),
 *   so DNS rebinding (a site's own name pointed at 127.0.0.1) gets nothing;
 * - an `Origin`, when sent, must be this server's own origin, so a page on another site
 *   cannot act through a visitor's browser (browsers send `Origin` on every cross-site POST);
 * - a request that changes state must say `Content-Type: application/json`, which a page on
 *   another site can send only after a CORS preflight that this API never grants: a no-cors
 *   form or `fetch` POST is refused.
 */
export function adminRefusal(req: IncomingMessage, secure: boolean): AdminRefusal | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!isLoopbackHost(hostName(host))) {
    return { status: 403, error: `the admin API answers loopback hosts only (localhost, *.localhost, 127.0.0.0/8, [::1]), not "${host.slice(0, 100)}"` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `${secure ? 'https' : 'http'}://${host}`) {
    return { status: 403, error: `the admin API answers same-origin requests only, not requests from ${origin.slice(0, 100)}` };
  }
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD' && mediaType(req.headers['content-type']) !== 'application/json') {
    return { status: 415, error: `${method} requests to the admin API need Content-Type: application/json` };
  }
  return null;
}

/** The name in a `Host` header, without the port (`[::1]:4100` → `[::1]`). */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

export function isLoopbackHost(name: string): boolean {
  if (name === 'localhost' || name === '[::1]') return true;
  if (name.endsWith('.localhost') && /^[a-z0-9.-]+$/.test(name)) return true;
  return isIPv4(name) && name.startsWith('127.');
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
