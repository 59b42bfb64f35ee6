import { text } from '../http';
import type { Route } from './route';

/** `GET /`: what this server is. */
export const homeRoute: Route = (_req, res, { partner }) =>
  text(res, 200, `mock-dcs: partner ${partner.name}; endpoints /event, /ibs:, /demoptout.jpg, /frame.html, /audience-relay.js, /audience-relay-outputs.js, /audience-relay-debug.js, /__admin/\n`);
