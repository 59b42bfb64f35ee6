import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test as base, type Sites } from './fixtures';

/**
 * The marker of every error a hostile-page test throws on purpose (its patched built-ins, its
 * throwing listeners): such an error reaching the page is the page's own doing. Any other
 * uncaught error or unhandled rejection on the page is ours.
 */
export const PAGE_OWNED = 'page-owned';

export interface LabOptions {
  /** Script run first, before the snippet: what the hostile page does to the platform. */
  hostile?: string;
  /** Markup placed before the snippet (named elements that clobber `document` or `window`). */
  markup?: string;
  /** Own config options beside `partner: 'acme'`, `dcs` and `timeoutMs: 3000`. */
  config?: Record<string, unknown>;
  /**
   * The page's calls after `config`, in a script that may use `report(text)` to send a line
   * to the test. Default: one `signals` call and one `ready` (up to 5 s) that reports its
   * status, error code and segments as `ready status code segments`.
   */
  calls?: string;
  /** Response headers of the page beside its Content-Type (COOP/COEP, a CSP…). */
  headers?: Record<string, string>;
  /** When the page counts as open: `load` (default) waits for the tag's script too. */
  waitUntil?: 'load' | 'domcontentloaded';
}

export interface Lab {
  page: Page;
  /** Lines the page sent with `report(text)`, in order. */
  reports: string[];
  /** The page's console errors and warnings. */
  console: string[];
  /** Uncaught errors and unhandled rejections on the page, but for the test's own ({@link PAGE_OWNED}). */
  ourErrors(): string[];
  /** Waits for the page to report `text` (a line equal to it, or matching it). */
  reported(text: string | RegExp): Promise<string>;
  /** Every uncaught error and unhandled rejection on the page. */
  allErrors: string[];
}

const snippet = (): string => readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

export const READY_CALLS = `
  audienceRelay('signals', { c_section: 'sports' });
  audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
    report('ready ' + r.status + ' ' + (r.error ? r.error.code : '-') + ' ' + r.segments.join(','));
    // The tasks the tag queued as it settled (the cache write…) have run by the next one.
    setTimeout(function () { setTimeout(function () { report('done'); }); });
  }, function (e) { report('ready rejected ' + e); });
`;

/**
 * A test with `openLab(options)`: opens a page made for one hostile case on a site of its own
 * (lab.localhost, another site than the DCS, which the DCS config allows): its `hostile`
 * script, then its `markup`, the snippet pointing at the DCS, `config` and `calls`. What the
 * page reports comes as console lines (`lab: …`): the console and a page error are seen by
 * the browser's own tooling, whatever the page did to its globals.
 */
export const test = base.extend<{ openLab(options?: LabOptions): Promise<Lab> }>({
  openLab: async ({ page, sites }, use) => {
    let html = '';
    let headers: Record<string, string> = {};
    const server = createServer((_req, res) => void res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://lab.localhost:${(server.address() as AddressInfo).port}`;
    const config = sites.demo();
    for (const partner of Object.values(config.partners)) partner.allowedOrigins = [...(partner.allowedOrigins ?? []), origin];
    sites.dcs.setConfig(config);
    await use(async (options = {}) => {
      html = labPage(sites, options);
      headers = options.headers ?? {};
      const lab = watch(page);
      await page.goto(`${origin}/`, { waitUntil: options.waitUntil ?? 'load' });
      return lab;
    });
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  },
});

function watch(page: Page): Lab {
  const lab: Lab = {
    page,
    reports: [],
    console: [],
    allErrors: [],
    ourErrors: () => lab.allErrors.filter((e) => !e.includes(PAGE_OWNED)),
    async reported(text) {
      const match = (r: string): boolean => (typeof text === 'string' ? r === text : text.test(r));
      // Polls what the page said so far, so a failure shows it.
      const said = (): string => (lab.reports.some(match) ? 'reported' : `reports: ${lab.reports.join(' | ')}; console: ${lab.console.join(' | ')}; errors: ${lab.allErrors.join(' | ')}`);
      await expect.poll(said, { message: `the page reports ${String(text)}`, timeout: 15000 }).toBe('reported');
      return lab.reports.find(match)!;
    },
  };
  page.on('pageerror', (error) => lab.allErrors.push(`${error.name}: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('lab: unhandledrejection')) lab.allErrors.push(text.slice(5));
    else if (text.startsWith('lab: ')) lab.reports.push(text.slice(5));
    else if (message.type() === 'error' || message.type() === 'warning') lab.console.push(text);
  });
  return lab;
}

function labPage(sites: Sites, options: LabOptions): string {
  const config = { partner: 'acme', dcs: sites.dcs.url, timeoutMs: 3000, ...options.config };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hostile lab</title>
<script>
  // Before any script of the page can patch what it uses: report(text) for the test, and every
  // rejection nobody handles, reported too (beside the browser's own page errors).
  var report = (function (log) { return function (text) { log('lab: ' + text); }; })(console.log.bind(console));
  (function (text) {
    addEventListener('unhandledrejection', function (event) {
      var reason = event.reason;
      report('unhandledrejection ' + text(reason && typeof reason === 'object' ? reason.message : reason));
    });
  })(String);
</script>
<script>${options.hostile ?? ''}</script>
</head><body>
${options.markup ?? ''}
<script data-src="${sites.dcs.url}/audience-relay.js">${snippet()}</script>
<script>
  audienceRelay('config', ${JSON.stringify(config)});
  ${options.calls ?? READY_CALLS}
</script>
</body></html>`;
}
