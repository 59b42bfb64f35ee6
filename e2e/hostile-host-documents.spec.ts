// The tag in host documents that are not a plain page of their own: a `srcdoc` iframe of an
// allowed page (widgets, email previews), an `about:blank` iframe the page writes into (GPT's
// "friendly iframe" for creatives and tag managers' sandboxes), and a page loaded in an
// `<iframe sandbox="allow-scripts">` (an opaque origin: storage and cookies throw on access).
// Whatever the document, every call settles, nothing of ours is thrown into it, and a document
// of an allowed origin gets its segments.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';

const snippet = (): string => readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

/** The inner document: the snippet, config, a signal and one ready that reports as `<label> …`. */
function inner(label: string, dcs: string): string {
  return `<!doctype html><html><body>
<script>
  var report = function (t) { console.log('lab: ${label} ' + t); };
  addEventListener('error', function (e) { report('uncaught ' + e.message); });
  addEventListener('unhandledrejection', function (e) { report('unhandled ' + (e.reason && e.reason.message || e.reason)); });
</script>
<script data-src="${dcs}/audience-relay.js">${snippet()}</script>
<script>
  audienceRelay('config', { partner: 'acme', dcs: '${dcs}', timeoutMs: 3000, connectTimeoutMs: 3000 });
  audienceRelay('signals', { c_section: 'sports', c_doc: '${label}' });
  audienceRelay('ready', { timeoutMs: 6000 }).then(function (r) {
    report('ready ' + r.status + ' ' + (r.error ? r.error.code : '-') + ' ' + r.segments.join(','));
    audienceRelay('diagnose').then(function (d) { report('diagnose ' + (d && typeof d.summary)); }, function (e) { report('diagnose rejected ' + e); });
  }, function (e) { report('ready rejected ' + e); });
</script></body></html>`;
}

const attr = (html: string): string => html.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

test('the tag in srcdoc, about:blank (written) and sandboxed host documents: every call settles, nothing thrown, allowed ones get segments', async ({ page, sites }) => {
  const dcs = sites.dcs.url;
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><body>
<iframe id="srcdoc" srcdoc="${attr(inner('srcdoc', dcs))}"></iframe>
<iframe id="sandboxed" sandbox="allow-scripts" srcdoc="${attr(inner('sandboxed', dcs))}"></iframe>
<iframe id="blank"></iframe>
<script>
  // A friendly iframe: the page writes the creative (here the tag) into an about:blank frame.
  var d = document.getElementById('blank').contentDocument;
  d.open(); d.write(${JSON.stringify(inner('blank', dcs)).replace(/<\//g, '<\\/')}); d.close();
</script>
</body></html>`),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://lab.localhost:${(server.address() as AddressInfo).port}`;
  const config = sites.demo();
  for (const partner of Object.values(config.partners)) partner.allowedOrigins = [...(partner.allowedOrigins ?? []), origin];
  sites.dcs.setConfig(config);
  const reports: string[] = [];
  page.on('console', (m) => m.text().startsWith('lab: ') && reports.push(m.text().slice(5)));
  try {
    await page.goto(`${origin}/`);
    page.on('pageerror', (e) => reports.push('top uncaught ' + e.message));
    const settled = (label: string): boolean => reports.some((r) => r.startsWith(`${label} diagnose`)) && reports.some((r) => r.startsWith(`${label} ready`));
    await expect.poll(() => ['srcdoc', 'blank', 'sandboxed'].filter(settled).join(' ') || reports.join(' | '), { timeout: 20000 }).toBe('srcdoc blank sandboxed');
    expect(reports.filter((r) => / (uncaught|unhandled|rejected) /.test(r))).toEqual([]);
    // Same origin as the allowed page: segments.
    expect(reports.find((r) => r.startsWith('srcdoc ready'))).toMatch(/^srcdoc ready fresh - \d/);
    expect(reports.find((r) => r.startsWith('blank ready'))).toMatch(/^blank ready fresh - \d/);
    // An opaque origin is no allowed origin: typed, settled.
    expect(reports.find((r) => r.startsWith('sandboxed ready'))).toMatch(/^sandboxed ready (blocked|error|no-consent) /);
    expect(reports.filter((r) => r.endsWith('diagnose string'))).toHaveLength(3);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
