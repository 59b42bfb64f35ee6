import { createHash } from 'node:crypto';

const PARTNER_META = '<meta name="audience-relay:partner" content="">';
const ORIGINS_META = '<meta name="audience-relay:allowed-origins" content="">';

export interface ServedFrame {
  html: string;
  csp: string;
}

/**
 * Prepares the built `frame.html` for one partner: declares the partner and its allowed
 * origins to the frame, and a CSP that allows exactly the inlined script (by hash), calls
 * to this origin only, and embedding by the allowed origins only.
 */
export function serveFrame(template: string, partner: string, allowedOrigins: Iterable<string>): ServedFrame {
  const origins = [...allowedOrigins];
  if (!template.includes(PARTNER_META) || !template.includes(ORIGINS_META)) {
    throw new Error('frame.html lacks the audience-relay boot meta tags; rebuild the frame');
  }
  const html = template
    .replace(PARTNER_META, () => PARTNER_META.replace('content=""', `content="${escapeAttribute(partner)}"`))
    .replace(ORIGINS_META, () => ORIGINS_META.replace('content=""', `content="${escapeAttribute(origins.join(' '))}"`));
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1] as string).digest('base64')}'`,
  );
  const csp = [
    "default-src 'none'",
    `script-src ${hashes.join(' ') || "'none'"}`,
    "connect-src 'self'",
    // ID syncs and URL destinations are fired from the frame as images or sandboxed
    // iframes, to partners' hosts.
    "img-src http: https:",
    "frame-src http: https:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${origins.join(' ') || "'none'"}`,
  ].join('; ');
  return { html, csp };
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
