import { inert, NativePromise } from '@audience-relay/protocol';
/**
 * What the debug tools could learn about a frame that never said hello. The page cannot look
 * into a cross-origin frame, so they ask the browser (its buffered CSP reports) and the DCS
 * (a credential-less GET of the frame URL, which a DCS may let any page read: it is a public
 * document whose allowed origins its CSP header already tells every client). It reads what the
 * frame declares in its meta tags: the partner and the allowed origins.
 */
export interface FrameProbe {
  /** The page's own CSP blocked the frame URL (frame-src, child-src or default-src). */
  cspBlocked: boolean;
  /**
   * `served`: the DCS's answer, readable (status, and the partner and allowed origins the
   * frame declares, when it does); `unreadable`: the DCS answered but does not let pages read
   * it (no CORS); `unreachable`: no answer at all (down, offline, or blocked by an extension);
   * `csp-refused`: the page's own CSP (`connect-src`) refused the read, so nothing is known.
   */
  frame:
    | { kind: 'served'; status: number; partner: string | null; allowedOrigins: string[] | null }
    | { kind: 'unreadable' }
    | { kind: 'unreachable' }
    | { kind: 'csp-refused' };
}

/** What the probe needs of the window, so tests can pass fakes. */
export interface ProbeWindow {
  fetch: typeof fetch;
  ReportingObserver?: typeof ReportingObserver;
  setTimeout: typeof setTimeout;
}

/**
 * Whether the page's own CSP blocked `frameUrl` under one of `directives` (by default as a
 * frame: frame-src, child-src or default-src), from the violations the browser has reported on
 * this page so far (buffered); false where the Reporting API is missing.
 */
export function cspBlockedFrame(frameUrl: string, win: ProbeWindow, directives = /^(frame|child|default)-src$/): boolean {
  const origin = new URL(frameUrl).origin;
  try {
    const observer = new win.ReportingObserver!(() => {}, { types: ['csp-violation'], buffered: true });
    observer.observe();
    const blocked = observer.takeRecords().some((report) => {
      const body = report.body as unknown as { effectiveDirective: string; blockedURL: string };
      return directives.test(body.effectiveDirective) && body.blockedURL.startsWith(origin);
    });
    observer.disconnect();
    return blocked;
  } catch {
    // No Reporting API: the caller's other checks still tell the other causes.
    return false;
  }
}

/**
 * Looks at `frameUrl` from the page: never throws, sends no cookies cross-site, gives up after
 * 3 s, and answers by 4 s whatever happens: on a page that put a `then` on Object.prototype,
 * every `fetch` hangs (its Response is a thenable the page owns), and the frame is then
 * reported unreadable, with what to check.
 */
export function probeFrame(frameUrl: string, win: ProbeWindow): Promise<FrameProbe> {
  return new NativePromise((resolve) => {
    win.setTimeout(() => resolve(inert({ cspBlocked: cspBlockedFrame(frameUrl, win), frame: { kind: 'unreadable' } })), 4000);
    void look(frameUrl, win).then(resolve, () => {});
  });
}

async function look(frameUrl: string, win: ProbeWindow): Promise<FrameProbe> {
  const cspBlocked = cspBlockedFrame(frameUrl, win);
  // Async: a DOM without `fetch` (Jest's jsdom) rejects here too, and the probe still answers.
  const get = async (mode: RequestMode): Promise<Response> => {
    const controller = new AbortController();
    win.setTimeout(() => controller.abort(), 3000);
    // The default credentials mode sends no cookies to another site (the DCS's).
    return win.fetch(frameUrl, { mode, signal: controller.signal, referrerPolicy: 'strict-origin' });
  };
  try {
    const response = await get('cors');
    const html = await response.text();
    // What the frame declares (every frame host fills these in); names and origins need no unescaping.
    const meta = (name: string): string | null => new RegExp(`<meta name="audience-relay:${name}" content="([^"]*)"`).exec(html)?.[1] ?? null;
    const origins = meta('allowed-origins');
    // Inert, as every answer an async function returns: its promise looks up the answer's
    // `then`, which a page that polluted Object.prototype would own.
    return inert({
      cspBlocked,
      frame: { kind: 'served', status: response.status, partner: meta('partner'), allowedOrigins: origins?.split(' ') ?? null },
    });
  } catch {
    // Not readable: is it there at all? An opaque answer says yes, and nothing more; unless
    // the page's connect-src refused the read (its report comes in a task of its own).
    const kind = await get('no-cors').then(() => 'unreadable' as const, () => 'unreachable' as const);
    await new Promise((resolve) => win.setTimeout(resolve));
    return inert({ cspBlocked, frame: { kind: kind == 'unreachable' && cspBlockedFrame(frameUrl, win, /^(connect|default)-src$/) ? 'csp-refused' : kind } });
  }
}
