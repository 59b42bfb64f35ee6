import { handleAdmin } from '../admin/admin-api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerState } from '../server-state';

/** `/__admin/…`: the admin API, whatever partner the `Host` names. */
export function adminRoute(req: IncomingMessage, res: ServerResponse, url: URL, state: ServerState): Promise<void> {
  return handleAdmin(req, res, url.pathname, {
    profiles: state.profiles,
    requests: state.requests,
    faults: state.faults,
    getConfig: () => state.config().source,
    setConfig: (next) => state.setConfig(next),
    reset: () => state.reset(),
  });
}
