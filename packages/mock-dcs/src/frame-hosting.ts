// The very code `audience-relay-frame build` runs, so the frame mock-dcs hosts and the one a
// CDN serves differ only in their DCS.
import { buildFrameArtifact } from '@audience-relay/frame/build';

export interface ServedFrame {
  html: string;
  csp: string;
  /** Every response header of the frame, the CSP among them. */
  headers: Record<string, string>;
}

/**
 * Prepares the built `frame.html` for one partner, served by this DCS itself: declares the
 * partner and its allowed origins to the frame, and a CSP that allows exactly the inlined
 * script (by hash), calls to this origin only, and embedding by the allowed origins only.
 */
export function serveFrame(template: string, partner: string, allowedOrigins: Iterable<string>): ServedFrame {
  const { html, headers } = buildFrameArtifact(template, { partner, dcs: null, allowedOrigins: [...allowedOrigins] });
  return { html, csp: headers['Content-Security-Policy'] as string, headers };
}
