import type { IncomingMessage, ServerResponse } from 'node:http';
import { adminRefusal } from '../admin/admin-guard';
import { handleAdmin } from '../admin/admin-api';
import type { ServerState } from '../server-state';

/** `/__admin/…`: the admin API, whatever partner the `Host` names, for tools on this machine only. */
export function adminRoute(req: IncomingMessage, res: ServerResponse, url: URL, state: ServerState): Promise<void> | void {
  const refusal = adminRefusal(req, state.secure);
  if (refusal) {
    req.resume();
    res.writeHead(refusal.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ error: refusal.error }));
    return;
  }
  return handleAdmin(req, res, url, state);
}
