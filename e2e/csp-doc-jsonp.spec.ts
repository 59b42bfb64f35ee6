// The publisher CSP that docs/csp.md gives, applied literally (outside review, branch attack3).
// A CSP is what keeps an HTML injection on the publisher's page (a comment, a CMS field) from
// running script. The doc allowed the whole DCS origin in script-src, and a DCS answers
// JSONP on that origin (`/event?d_cb=…`, `/id?d_cb=…`, as Audience Manager's protocol has it):
// an injected <script src="<dcs>/event?d_rtbd=json&d_cb=<any global function path>"> then runs
// under the page's policy, calling that function (here `gadget`; `d_cb` takes letters, digits,
// `_ . $ [ ]`, so any path from window) with the DCS answer: a CSP bypass. The policy must name
// the tag's files, not the origin (paths in CSP ignore the query the bundles carry).
// Failed before (the doc named the origin): the page's title said 'bypassed'.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const repo = new URL('..', import.meta.url);
const snippet = readFileSync(new URL('packages/tag/dist/snippet.min.js', repo), 'utf8').trim();

/** The first code block of docs/csp.md, for the DCS at `dcs`, with `nonce`: the policy as a publisher copies it. */
function documentedPolicy(dcs: string, nonce: string): string {
  const doc = readFileSync(new URL('docs/csp.md', repo), 'utf8');
  const block = /```\n([\s\S]*?)```/.exec(doc)![1]!;
  return block.replaceAll('https://acme.dcs.example', dcs).replaceAll('RANDOM', nonce).replace(/\s*\n\s*/g, ' ').trim();
}

test("docs/csp.md's policy keeps an injected JSONP script from the DCS origin out, and lets the tag in", async ({ page, sites }) => {
  const nonce = 'n0nce4csp';
  const csp = documentedPolicy(sites.dcs.url, nonce);
  const html = `<!doctype html><meta charset="utf-8"><title>loading</title>
<script nonce="${nonce}">
  window.gadget = function () { document.title = 'bypassed'; };
  addEventListener('securitypolicyviolation', function (e) { if (e.blockedURI.indexOf('/event') >= 0) document.body.dataset.injected = 'blocked'; });
</script>
<script nonce="${nonce}" data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>
<script nonce="${nonce}">
  audienceRelay('config', ${JSON.stringify({ partner: 'acme', dcs: sites.dcs.url, timeoutMs: 5000, outputs: { cookie: { name: 'aud_seg', days: 1 } } })});
  audienceRelay('signals', { c_section: 'sports', p_age: 23 });
  audienceRelay('ready').then(function (r) { document.body.dataset.ready = r.status; });
</script>
<p>A comment with markup the publisher's sanitizer let through:</p>
<script src="${sites.dcs.url}/event?d_rtbd=json&d_cb=gadget"></script>`;
  const server = createServer((_req, res) => void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const origin = `http://csp.localhost:${(server.address() as AddressInfo).port}`;
    const config = sites.demo();
    config.partners.acme!.allowedOrigins = [origin];
    sites.dcs.setConfig(config);
    const violations: string[] = [];
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy/.test(m.text()) && violations.push(m.text()));
    await page.goto(`${origin}/`);
    // The injected script was refused by the policy (the browser's violation event says so)…
    await expect(page.locator('body')).toHaveAttribute('data-injected', 'blocked');
    expect(await page.title()).toBe('loading');
    // …while the tag, its outputs bundle and the frame work under it.
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'fresh');
    await expect.poll(async () => (await page.context().cookies(origin)).find((c) => c.name === 'aud_seg')?.value).toBe('5001|5002');
    expect(violations.filter((v) => !v.includes('/event?'))).toEqual([]);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
