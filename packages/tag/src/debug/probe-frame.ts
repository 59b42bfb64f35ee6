/**
 * What the debug tools could learn about a frame that never said hello. The page cannot look
 * into a cross-origin frame, so they ask the browser (its buffered CSP reports) and the DCS
 * (a credential-less GET of the frame URL, which a DCS may let any page read: it is a public
 * document whose allowed origins its CSP header already tells every client).
 */
export interface FrameProbe {
  /** The page's own CSP blocked the frame URL (frame-src, child-src or default-src). */
  cspBlocked: boolean;
  /**
   * `served`: the DCS's answer, readable (status, and the partner and allowed origins the
   * frame declares, when it does); `unreadable`: the DCS answered but does not let pages read
   * it (no CORS); `unreachable`: no answer at all (down, offline, or blocked by an extension or
   * the page's connect-src).
   */
  frame:
    | { kind: 'served'; status: number; partner: string | null; allowedOrigins: string[] | null }
    | { kind: 'unreadable' }
    | { kind: 'unreachable'; connectBlocked: boolean };
}

/** What the probe needs of the window, so tests can pass fakes. */
export interface ProbeWindow {
  fetch: typeof fetch;
  ReportingObserver?: typeof ReportingObserver;
  setTimeout: typeof setTimeout;
}

const PROBE_TIMEOUT_MS = 3000;
/** Enough for any frame.html; a larger answer is not read further. */
const MAX_BODY = 256 * 1024;
const FRAME_DIRECTIVES = new Set(['frame-src', 'child-src', 'default-src']);

/** The CSP violations the browser has reported on this page so far, as [directive, blocked URL]. */
function cspReports(win: ProbeWindow): Array<[string, string]> {
  if (!win.ReportingObserver) return [];
  try {
    const observer = new win.ReportingObserver(() => {}, { types: ['csp-violation'], buffered: true });
    observer.observe();
    const reports = observer.takeRecords();
    observer.disconnect();
    return reports.map((report) => {
      const body = report.body as unknown as { effectiveDirective?: unknown; blockedURL?: unknown } | null;
      return [String(body?.effectiveDirective ?? ''), String(body?.blockedURL ?? '')];
    });
  } catch {
    return [];
  }
}

function metaContent(html: string, name: string): string | null {
  const match = new RegExp(`<meta name="${name}" content="([^"]*)"`).exec(html);
  return match ? match[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : null;
}

/** The origins a frame lets embed it: its CSP's frame-ancestors, else what it declares in its meta tag. */
function allowedOrigins(csp: string | null, html: string): string[] | null {
  const ancestors = csp
    ?.split(';')
    .map((directive) => directive.trim().split(/\s+/))
    .find(([name]) => name?.toLowerCase() === 'frame-ancestors');
  if (ancestors) return ancestors.slice(1).filter((source) => source !== "'none'");
  const declared = metaContent(html, 'audience-relay:allowed-origins');
  return declared === null ? null : declared.split(/\s+/).filter(Boolean);
}

async function withTimeout<T>(win: ProbeWindow, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = win.setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Looks at `frameUrl` from the page: never throws, never sends cookies, gives up after 3 s. */
export async function probeFrame(frameUrl: string, win: ProbeWindow): Promise<FrameProbe> {
  const blockedBy = (directives: Set<string>): boolean =>
    cspReports(win).some(([directive, url]) => directives.has(directive) && url.startsWith(new URL(frameUrl).origin));
  const cspBlocked = blockedBy(FRAME_DIRECTIVES);
  try {
    const frame = await withTimeout(win, async (signal) => {
      const response = await win.fetch(frameUrl, { mode: 'cors', credentials: 'omit', cache: 'no-store', signal });
      const html = (await response.text()).slice(0, MAX_BODY);
      return {
        kind: 'served' as const,
        status: response.status,
        partner: metaContent(html, 'audience-relay:partner'),
        allowedOrigins: response.ok ? allowedOrigins(response.headers.get('content-security-policy'), html) : null,
      };
    });
    return { cspBlocked, frame };
  } catch {
    // Not readable: is it there at all? An opaque answer says yes, and nothing more.
    const reachable = await withTimeout(win, (signal) => win.fetch(frameUrl, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', signal })).then(
      () => true,
      () => false,
    );
    return {
      cspBlocked,
      frame: reachable ? { kind: 'unreadable' } : { kind: 'unreachable', connectBlocked: blockedBy(new Set(['connect-src', 'default-src'])) },
    };
  }
}
