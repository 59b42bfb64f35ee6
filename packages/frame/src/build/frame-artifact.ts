import { createHash } from 'node:crypto';

/** What is fixed inside one built frame. */
export interface FrameBuildOptions {
  /** The partner (DCS account) name the frame answers for. */
  partner: string;
  /** The DCS origin the frame calls; null when the DCS serves the frame itself (`connect-src 'self'`). */
  dcs: string | null;
  /** Publisher origins allowed to embed the frame and talk to it. */
  allowedOrigins: readonly string[];
  /** The frame is served at a versioned URL that never changes meaning: cache it for a year. */
  immutable?: boolean;
}

/** A frame ready to serve: its HTML and the HTTP response headers it must be served with. */
export interface FrameArtifact {
  html: string;
  headers: Record<string, string>;
}

const META = {
  partner: '<meta name="audience-relay:partner" content="">',
  allowedOrigins: '<meta name="audience-relay:allowed-origins" content="">',
  dcs: '<meta name="audience-relay:dcs" content="">',
} as const;

/**
 * Fills the built `frame.html` template for one partner: the partner, its allowed origins and
 * its DCS are written into the frame's own meta tags (the frame reads them and nothing from
 * the page), and the headers say the same to the browser: a CSP that runs exactly the inlined
 * script (by hash), lets it call only that DCS, and lets only the allowed origins embed it.
 * Used by `audience-relay-frame build` and by mock-dcs when it hosts the frame.
 */
export function buildFrameArtifact(template: string, options: FrameBuildOptions): FrameArtifact {
  // A frame from before `--dcs` lacks its meta tag; it can still be hosted by its DCS.
  const needed = options.dcs === null ? [META.partner, META.allowedOrigins] : Object.values(META);
  const missing = needed.filter((tag) => !template.includes(tag));
  if (missing.length > 0) throw new Error(`frame.html lacks ${missing.join(', ')}; rebuild the frame (npm run build)`);
  const fill = (html: string, tag: string, value: string): string =>
    html.replace(tag, () => tag.replace('content=""', `content="${escapeAttribute(value)}"`));
  let html = fill(template, META.partner, options.partner);
  html = fill(html, META.allowedOrigins, options.allowedOrigins.join(' '));
  if (options.dcs !== null) html = fill(html, META.dcs, options.dcs);
  return { html, headers: frameHeaders(html, options) };
}

/** The response headers of a filled frame. */
export function frameHeaders(html: string, options: FrameBuildOptions): Record<string, string> {
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${sha256Base64(m[1] as string)}'`);
  const csp = [
    "default-src 'none'",
    `script-src ${hashes.join(' ') || "'none'"}`,
    `connect-src ${options.dcs ?? "'self'"}`,
    // ID syncs and URL destinations are fired from the frame as images or sandboxed
    // iframes, to partners' hosts.
    'img-src http: https:',
    'frame-src http: https:',
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${options.allowedOrigins.join(' ') || "'none'"}`,
  ].join('; ');
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp,
    // An unversioned URL is revalidated on every load (ETag, 304), so a rebuilt frame (a new
    // allowed origin, a fix) takes effect at once; a versioned one never changes meaning.
    'Cache-Control': options.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin',
    // A public document: any page may read it without credentials, so the tag's diagnose()
    // can tell a page whose origin is not allowed (frame-ancestors) from a blocked frame.
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'Content-Security-Policy',
  };
}

export function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
