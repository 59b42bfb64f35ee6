import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledPartner } from '../config';
import type { ServerState } from '../server-state';

/** One request as the router hands it to an endpoint: the partner its `Host` names, and its URL. */
export interface RouteRequest {
  state: ServerState;
  partner: CompiledPartner;
  url: URL;
  /** The request target as sent (`/ibs:` paths are not URL paths). */
  rawPath: string;
}

/** An endpoint: one file under `routes/` each. */
export type Route = (req: IncomingMessage, res: ServerResponse, request: RouteRequest) => Promise<void> | void;
