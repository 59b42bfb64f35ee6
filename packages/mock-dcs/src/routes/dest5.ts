import { createHash } from 'node:crypto';
import type { CompiledPartner } from '../config';
import { sendAsset } from '../static-assets';
import { dest5Page } from './dest5-page';
import type { Route } from './route';

const SCRIPT = `(${dest5Page.toString()})(window);`;
const SCRIPT_HASH = `'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`;

/**
 * The destination-publishing page for one partner, and the CSP it is served with.
 * `deviceCookie` names the DCS cookie whose device ID the page puts in `%DID%`.
 */
export function dest5Document(partner: CompiledPartner, deviceCookie = 'demdex'): { html: string; csp: string } {
  const origins = [...partner.allowedOrigins];
  // A JSON data block is never executed, so the CSP's script hash does not cover it; `<` is
  // escaped so no value can close the element.
  const json = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>destination publishing</title>
<script type="application/json" id="allowed-origins">${json(origins)}</script>
<script type="application/json" id="device-cookie">${json(deviceCookie)}</script>
</head><body><script>${SCRIPT}</script></body></html>
`;
  const csp = [
    "default-src 'none'",
    `script-src ${SCRIPT_HASH}`,
    // ID syncs and URL destinations are images or (sandboxed) iframes on partners' hosts.
    'img-src http: https:',
    'frame-src http: https:',
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${origins.join(' ') || "'none'"}`,
  ].join('; ');
  return { html, csp };
}

/**
 * `GET /dest5.html?d_nsid=N#<encoded parent origin>`: the destination-publishing iframe
 * Visitor API attaches on `<subdomain>.<DCS domain>`, where ID syncs and URL destinations are
 * fired (see {@link dest5Page}).
 */
export const dest5Route: Route = (req, res, { partner, state }) => {
  const { html, csp } = dest5Document(partner, state.config().deviceCookie.name);
  sendAsset(req, res, html, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    // The syncs it fires must not learn the publisher's page from the Referer.
    'Referrer-Policy': 'no-referrer',
  });
};
