import type { Page, Request } from '@playwright/test';
import { kitDcsUrls } from './kit-dcs.js';
import { probeScript } from './probe-script.js';

/**
 * How `ready` settled (the tag's `ReadyStatus`, repeated here: the kit does not depend on the
 * tag package). A closed set, so a misspelt status in a test is a type error.
 */
export type ReadyStatusLike = 'fresh' | 'cached' | 'timeout' | 'blocked' | 'no-consent' | 'opted-out' | 'error';

/** What `audienceRelay('ready')` resolves to (the tag's ReadyResult), as a plain object. */
export interface ReadyResultLike {
  status: ReadyStatusLike;
  segments: string[];
  traits: number[];
  uuid: string | null;
  identity: { source: 'dcs-cookie' | 'first-party' | 'new' | 'none'; partitioned: boolean | null };
  /** True when the segments come from the first-party cache (an earlier page view), not the DCS. */
  cached: boolean;
  error?: { code: string; message: string };
}

export interface WaitOptions {
  /**
   * The tag's global name (`data-global` of the snippet), or the name under which an app that
   * bundles the npm module exposes its relay for tests (`window.audienceRelay = relay`).
   * Default `audienceRelay`.
   */
  global?: string;
  /** Deadline passed to `ready`, in ms. Default 5000. */
  timeoutMs?: number;
}

/** A call to the DCS's `/event` made by a frame of the page (the DCS frame), not the page itself. */
function isFrameEventCall(page: Page, request: Request): boolean {
  try {
    return new URL(request.url()).pathname === '/event' && request.frame() !== page.mainFrame();
  } catch {
    // A request Playwright has already let go of (page.requests() keeps the last 100) says nothing.
    return false;
  }
}

/**
 * Waits for the tag and its frame to connect: the frame's first `/event` call. Resolves with
 * that request, also when it went out before this was called (as it does right after
 * `page.goto`: the frame makes its first call as soon as it runs). Rejects after `timeoutMs`
 * (default 10000) without one.
 */
export async function waitForHandshake(page: Page, options: { timeoutMs?: number } = {}): Promise<Request> {
  const timeoutMs = options.timeoutMs ?? 10000;
  // Listen first, then look back: a call made in between is heard by the listener.
  const ahead = page.waitForRequest((r) => isFrameEventCall(page, r), { timeout: timeoutMs });
  const earlier = (await page.requests()).find((r) => isFrameEventCall(page, r));
  if (earlier) {
    ahead.catch(() => {});
    return earlier;
  }
  try {
    return await ahead;
  } catch (error) {
    // A bare timeout tells nothing: say why, as the tag sees it (origin not allowed, CSP, no tag…).
    if (page.isClosed()) throw error;
    const { summary } = await diagnose(page);
    throw new Error(`no event call from the frame within ${timeoutMs} ms: ${summary}`, { cause: error });
  }
}

/**
 * Calls `ready` on the page and returns its result; it settles by its deadline, whatever happens
 * to the tag. The page's relay is the snippet's global, or the object an app built with the npm
 * module exposes under that name. A page without either (no snippet, another `data-global`)
 * throws after 10 s, with the diagnosis; so does a page whose `ready` has not settled 2 s past its deadline (a
 * page's own function under the global's name, or a wrapper around it).
 */
export async function waitForSegments(page: Page, options: WaitOptions = {}): Promise<ReadyResultLike> {
  const name = options.global ?? 'audienceRelay';
  const timeoutMs = options.timeoutMs ?? 5000;
  // The snippet defines the global as the page parses it: this wait is for a page still
  // loading, not part of the deadline (a short deadline must not fail on a busy machine).
  await page
    .waitForFunction(
      // The snippet's global (a function taking commands), or the relay object an app built with
      // the npm module exposes (its `ready` and `diagnose` methods).
      (n) => {
        const relay = (window as unknown as Record<string, unknown>)[n];
        return typeof relay === 'function' || (typeof relay === 'object' && relay !== null && typeof (relay as { ready?: unknown }).ready === 'function');
      },
      name,
      { timeout: Math.max(timeoutMs, 10_000), polling: 50 },
    )
    .catch(async (error: unknown) => {
      if (page.isClosed()) throw error;
      const { summary } = await diagnose(page, { global: name });
      // The diagnosis of a page without the global already starts by saying so: once is enough.
      throw new Error(summary.startsWith(`There is no ${name}() on the page`) ? summary : `no ${name}() on the page: ${summary}`, { cause: error });
    });
  // The tag settles `ready` by its deadline; a page's own function under the name (a wrapper,
  // a stub) may not. The page gets the deadline and READY_MARGIN_MS more, then this throws. The
  // margin is timed here, in Node: a page whose timers are frozen (Playwright's page.clock
  // paused, fake timers, a broken setTimeout) cannot hold it back.
  const asked = page.evaluate(
    ([n, t]) => {
      const relay = (window as unknown as Record<string, unknown>)[n];
      return typeof relay === 'function'
        ? (relay as (command: string, options: object) => Promise<ReadyResultLike>)('ready', { timeoutMs: t })
        : (relay as { ready: (options: object) => Promise<ReadyResultLike> }).ready({ timeoutMs: t });
    },
    [name, timeoutMs] as const,
  );
  const answer = await withinMs(asked, timeoutMs + READY_MARGIN_MS);
  if (answer.settled) return answer.value;
  const { summary } = await diagnose(page, { global: name, timeoutMs: READY_MARGIN_MS });
  throw new Error(`ready() did not settle within ${timeoutMs} ms (+${READY_MARGIN_MS} ms): the page's ${name}() is not the tag's, or wraps it. ${summary}`);
}

/** How long past its deadline the page's `ready` may take before waitForSegments gives up. */
const READY_MARGIN_MS = 2000;

/**
 * `promise`'s value if it settles within `ms`, timed in Node (never by the page's timers);
 * else `{ settled: false }`, and its later outcome (a rejection when the page goes away) is dropped.
 */
async function withinMs<T>(promise: Promise<T>, ms: number): Promise<{ settled: true; value: T } | { settled: false }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ settled: false }>((resolve) => (timer = setTimeout(() => resolve({ settled: false }), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ settled: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
    promise.catch(() => {});
  }
}

/** What `audienceRelay('diagnose')` resolves to: why the segments are what they are. */
export interface DiagnosisLike {
  ok: boolean;
  summary: string;
  reasons: Array<{ code: string; message: string }>;
}

export interface DiagnoseOptions {
  /** The tag's global name (`data-global` of the snippet), or the name of the relay an npm-built app exposes. Default `audienceRelay`. */
  global?: string;
  /** How long the tag (and its debug tools) may take to answer, in ms. Default 5000. */
  timeoutMs?: number;
}

/** The in-page answer: the tag's diagnosis, or why there is none. */
type PageAnswer =
  | { kind: 'diagnosis'; diagnosis: DiagnosisLike }
  | { kind: 'no-global' }
  | { kind: 'failed'; message: string; tagUrl: string | null; pasted?: PastedSnippet | null };

/** The snippet's own inline <script>, as pasted: whether it could read its tag URL. */
interface PastedSnippet {
  module: boolean;
  dataSrc: string | null;
}

const diagnosis = (code: string, message: string): DiagnosisLike => ({ ok: false, summary: message, reasons: [{ code, message }] });

/**
 * Asks the tag on the page why its segments are what they are (loads the debug tools on
 * demand). Never throws for the page's sake: when there is no tag to ask (no snippet, or the
 * tag did not load) it says so as a diagnosis, with the tag's URL and what the browser saw
 * of its request. Use it in a failing test's message:
 * `expect(result.status, (await diagnose(page)).summary)`.
 */
export async function diagnose(page: Page, options: DiagnoseOptions = {}): Promise<DiagnosisLike> {
  const name = options.global ?? 'audienceRelay';
  const timeoutMs = options.timeoutMs ?? 5000;
  // The deadline is timed here, in Node: a page whose timers are frozen (page.clock paused,
  // fake timers) or broken cannot make the kit wait for ever.
  const asked = page.evaluate(async (n): Promise<PageAnswer> => {
    const relay = (window as unknown as Record<string, unknown>)[n];
    // An app built with the npm module has no global of the snippet's: it may expose its relay.
    const exposed = typeof relay === 'object' && relay !== null && typeof (relay as { diagnose?: unknown }).diagnose === 'function';
    if (typeof relay !== 'function' && !exposed) return { kind: 'no-global' };
    try {
      const result = await (exposed ? (relay as { diagnose: () => Promise<DiagnosisLike> }).diagnose() : (relay as (command: string) => Promise<DiagnosisLike>)('diagnose'));
      return { kind: 'diagnosis', diagnosis: result };
    } catch (error) {
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error), tagUrl: null };
    }
  }, name);
  const settled = await withinMs(asked, timeoutMs);
  const answer: PageAnswer = settled.settled ? settled.value : { kind: 'failed', message: `no answer within ${timeoutMs} ms`, tagUrl: null };
  // The tag runs and answered, but its debug tools (loaded from next to it) did not come: the
  // tag is no "tag-not-loaded". Its message names the bundle's URL.
  const bundle = answer.kind === 'failed' ? /(\S*audience-relay-debug\.js\S*) did not load/.exec(answer.message) : null;
  if (answer.kind === 'failed' && bundle) {
    return diagnosis(
      'debug-not-loaded',
      `The tag is running, but its debug tools did not load from ${bundle[1]}, so it cannot say why: serve audience-relay-debug.js ` +
        `next to the tag, with the tag's headers (Access-Control-Allow-Origin: *, text/javascript), and allow it in the page's script-src. (${answer.message})`,
    );
  }
  if (answer.kind === 'failed') {
    // The snippet marks the tag's <script> with the global's name.
    answer.tagUrl = await page
      .evaluate((n) => {
        const script = Array.from(document.querySelectorAll('script[data-global]')).find(
          (s) => (s as HTMLScriptElement).dataset.global === n && (s as HTMLScriptElement).src,
        ) as HTMLScriptElement | undefined;
        return script?.src ?? null;
      }, name)
      .catch(() => null);
    // No tag <script>: the snippet may be on the page where it could not read its tag URL.
    if (!answer.tagUrl) answer.pasted = await pastedSnippet(page, name);
  }
  if (answer.kind === 'diagnosis') {
    const { ok, summary, reasons } = answer.diagnosis;
    return { ok, summary, reasons };
  }
  if (answer.kind === 'no-global') {
    const other = await otherGlobal(page, name);
    if (other) {
      return diagnosis(
        'no-snippet',
        `There is no ${name}() on the page: its snippet defines ${other}() (data-global="${other}"): pass { global: '${other}' } to the kit's helpers.`,
      );
    }
    const emptied = await emptiedSnippet(page, name);
    if (emptied) {
      return diagnosis(
        'no-snippet',
        `There is no ${name}() on the page: its <script data-src="${emptied.dataSrc}"> holds no snippet code ` +
          `(${emptied.text ? `it holds ${JSON.stringify(emptied.text)}` : 'it is empty'}): paste the contents of snippet.min.js inside it ` +
          `(@audience-relay/tag's dist/snippet.min.js, or node_modules/@audience-relay/mock-dcs/dist/assets/tag/snippet.min.js with the kit alone), ` +
          `not the placeholder of the docs' example.`,
      );
    }
    return diagnosis(
      'no-snippet',
      `There is no ${name}() on the page: the snippet is not pasted, or its global has another name (data-global; pass { global }). ` +
        `An app that bundles the npm module has no global: expose its relay for tests (window.${name} = relay, or another name passed as { global }).`,
    );
  }
  if (!answer.tagUrl && answer.pasted?.module) {
    return diagnosis(
      'tag-not-loaded',
      `The snippet is in a <script type="module">: there the browser gives it no document.currentScript, so it reads no data-src and loads no tag. ` +
        `Paste it in a classic <script> (no type; in frameworks that make inline scripts modules, their "inline as is" form). (${answer.message})`,
    );
  }
  if (!answer.tagUrl && answer.pasted && !answer.pasted.dataSrc) {
    return diagnosis(
      'tag-not-loaded',
      `The snippet's <script> has no data-src, so it loads no tag: give it the tag's URL, data-src="https://<your DCS>/audience-relay.js". (${answer.message})`,
    );
  }
  if (!answer.tagUrl) return diagnosis('tag-not-loaded', `The tag did not answer (${answer.message}), and the page has no tag <script> from the snippet.`);
  const seen = await tagRequest(page, answer.tagUrl);
  return diagnosis(
    'tag-not-loaded',
    `The tag did not load from ${answer.tagUrl}: ${seen}.${elsewhere(answer.tagUrl, seen)} Check that the DCS serves it at that URL, the page's ` +
      `Content-Security-Policy (script-src) and ad blockers. (${answer.message})`,
  );
}

/**
 * The snippet's inline <script> for the global `name` (its text carries the snippet's message;
 * its data-global, or none for the default name), or null when the page has none.
 */
function pastedSnippet(page: Page, name: string): Promise<PastedSnippet | null> {
  return page
    .evaluate((n) => {
      const script = Array.from(document.querySelectorAll('script:not([src])')).find(
        (s) => (s.textContent ?? '').includes('[audience-relay] the tag did not load') && (s.getAttribute('data-global') || 'audienceRelay') === n,
      );
      return script ? { module: script.getAttribute('type')?.trim().toLowerCase() === 'module', dataSrc: script.getAttribute('data-src') } : null;
    }, name)
    .catch(() => null);
}

/**
 * The global another snippet on the page defines (its data-global) when none defines `name`
 * and that global is there: the name to pass as `{ global }`. Null otherwise.
 */
function otherGlobal(page: Page, name: string): Promise<string | null> {
  return page
    .evaluate((n) => {
      const names = Array.from(document.querySelectorAll('script[data-src]:not([src])'))
        .filter((s) => (s.textContent ?? '').includes('[audience-relay] the tag did not load'))
        .map((s) => s.getAttribute('data-global') || 'audienceRelay');
      if (names.includes(n)) return null;
      return names.find((g) => typeof (window as unknown as Record<string, unknown>)[g] === 'function') ?? null;
    }, name)
    .catch(() => null);
}

/**
 * A `<script data-src>` for the global `name` without the snippet's code (the docs' example
 * pasted as is, with its `/* contents of … *\/` placeholder, or emptied by a template): its
 * data-src and the start of its text, or null when the page has none.
 */
function emptiedSnippet(page: Page, name: string): Promise<{ dataSrc: string; text: string } | null> {
  return page
    .evaluate((n) => {
      const script = Array.from(document.querySelectorAll('script[data-src]:not([src])')).find(
        (s) => (s.getAttribute('data-global') || 'audienceRelay') === n && !(s.textContent ?? '').includes('[audience-relay] the tag did not load'),
      );
      return script ? { dataSrc: script.getAttribute('data-src') ?? '', text: (script.textContent ?? '').trim().slice(0, 80) } : null;
    }, name)
    .catch(() => null);
}

/** This machine's names, where the kit's mock DCS listens whatever name a page gives it. */
const LOOPBACK = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * When nothing answered at the tag's URL on this machine while the kit's own mock DCS runs on
 * another port: the likeliest cause (a test file without the `port` its pages' snippet names),
 * in words. Empty otherwise.
 */
function elsewhere(tagUrl: string, seen: string): string {
  const tag = new URL(tagUrl);
  const kit = kitDcsUrls().map((url) => new URL(url));
  const refused = /ERR_CONNECTION_REFUSED|could not be reached/.test(seen);
  if (!refused || !LOOPBACK.test(tag.hostname) || kit.length === 0 || kit.some((url) => url.origin === tag.origin)) return '';
  const port = tag.port || (tag.protocol === 'https:' ? '443' : '80');
  return (
    ` Nothing listens there, and the kit's mock DCS listens on ${kit[0]!.origin}: give it the port the page's snippet names ` +
    `(test.use({ dcsOptions: { port: ${port} } }), with workers: 1), or point the snippet at ${kit[0]!.origin}.`
  );
}

/** What the browser saw of the tag's request, completed by asking its URL when it does not say. */
async function tagRequest(page: Page, url: string): Promise<string> {
  const request = (await page.requests()).find((r) => {
    try {
      return r.url() === url;
    } catch {
      return false;
    }
  });
  if (!request) return 'the browser made no request for it (blocked before it went out, e.g. by the CSP)';
  // The status first: a 404 without CORS headers also fails the request, as a CORS error.
  const response = await request.response().catch(() => null);
  if (response && response.status() >= 400) return `the server answered HTTP ${response.status()}`;
  // Chromium's name for a request its CSP refused (the kit's page fixture listens for it).
  const failure = request.failure()?.errorText ?? null;
  if (failure === 'csp') return "the page's Content-Security-Policy refused it (script-src)";
  if (failure && failure !== 'net::ERR_FAILED') return `the request failed (${failure})`;
  // The browser got an answer and nothing failed: it had the file, and it was not the tag (or
  // the tag did not run). A same-origin URL needs no CORS: asking it from Node would blame a
  // missing Access-Control-Allow-Origin that changes nothing. Say what the browser got.
  if (response && !failure) {
    const type = (await response.headerValue('content-type').catch(() => null))?.split(';')[0]?.trim() || 'no Content-Type';
    return /javascript|ecmascript/i.test(type)
      ? `the browser loaded it (HTTP ${response.status()}, ${type}), but it did not start the tag: is that URL the tag (audience-relay.js), and did the page show a script error?`
      : `the server answered HTTP ${response.status()} with ${type}, which is not the tag (a page, a framework's fallback route or a login redirect at that URL): point data-src at the tag, audience-relay.js`;
  }
  // A bare failure, or none seen: a cross-origin 404, or a host without CORS headers, shows the
  // browser no response at all. Ask the URL as the snippet's request would be answered.
  const origin = new URL(page.url()).origin;
  const probe = await probeScript(url, origin);
  if (probe.kind === 'unreachable') return `the server could not be reached (${probe.error})`;
  if (probe.status >= 400) return `the server answered HTTP ${probe.status}`;
  if (!probe.cors) {
    return (
      `the server answers HTTP ${probe.status} without Access-Control-Allow-Origin, and the snippet loads the tag with ` +
      "crossorigin: the browser refuses it (serve the tag with 'Access-Control-Allow-Origin: *')"
    );
  }
  if (failure) return `the request failed (${failure})`;
  return response ? `the server answered HTTP ${response.status()}` : 'no response';
}
