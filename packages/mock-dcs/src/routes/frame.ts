import { serveFrame } from '../frame-hosting';
import { readAsset, sendAsset } from '../static-assets';
import type { Route } from './route';

/** `GET /frame.html`: the built frame, declared for the partner, with its CSP. */
export const frameRoute: Route = async (req, res, { state, partner }) => {
  const template = await readAsset(res, state.assets.frameHtml);
  if (template === null) return;
  const served = serveFrame(template, partner.name, partner.allowedOrigins);
  // The headers `audience-relay-frame build` writes to headers.json, from the same code.
  sendAsset(req, res, served.html, served.headers);
};
