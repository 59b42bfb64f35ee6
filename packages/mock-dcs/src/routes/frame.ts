import { serveFrame } from '../frame-hosting';
import { readAsset, sendAsset } from '../static-assets';
import type { Route } from './route';

/** `GET /frame.html`: the built frame, declared for the partner, with its CSP. */
export const frameRoute: Route = async (req, res, { state, partner }) => {
  const template = await readAsset(res, state.assets.frameHtml);
  if (template === null) return;
  const served = serveFrame(template, partner.name, partner.allowedOrigins);
  // The headers `audience-relay-frame build` writes to headers.json, from the same code; and,
  // the frame being a public document, any page may read it without credentials, so the tag's
  // diagnose() can tell a page whose origin is not allowed (frame-ancestors) from a blocked frame.
  sendAsset(req, res, served.html, {
    ...served.headers,
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'Content-Security-Policy',
  });
};
