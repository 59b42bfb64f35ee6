// attack9: attack7's thenable class in the npm build. The CDN tag's debug bundle was made safe
// from a polluted Object.prototype.then (bundle-loader.ts: the bundle is a function), but the
// npm entry hands its bundled tools over as `debugTools: async () => debugTools`
// (packages/tag/src/index.ts): the async function's promise looks up `then` on that plain object,
// which a page that set Object.prototype.then owns. An app built with the npm module on such a
// page gets a diagnose() (and debug()) that never settles (a no-op then) or rejects with the
// page's error (a throwing getter); the relay's other calls settle.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const npmBuild = readFileSync(new URL('../packages/tag/dist/index.js', import.meta.url), 'utf8');
const site = 'http://npm-app9.localhost';

const CASES: Record<string, string> = {
  'a no-op then': 'Object.prototype.then = function () {};',
  'a throwing then getter': "Object.defineProperty(Object.prototype, 'then', { configurable: true, get: function () { throw new Error('page-owned then'); } });",
};

for (const [name, hostile] of Object.entries(CASES)) {
  // Fixed (session j) in index.ts: the tools are handed over inert.
  test(`npm build, Object.prototype.then (${name}): diagnose() settles`, async ({ page, sites }) => {
    const config = sites.demo();
    config.partners.acme!.allowedOrigins.push(site);
    sites.dcs.setConfig(config);
    await page.route(`${site}/tag.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: npmBuild }));
    await page.route(`${site}/app/`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: [
          '<!doctype html><title>app</title>',
          `<script>${hostile}</script>`,
          '<script type="module">',
          "import { createAudienceRelay } from '/tag.js';",
          `const relay = createAudienceRelay({ partner: 'acme', dcs: '${sites.dcs.url}' });`,
          "relay.signals({ c_section: 'sports' });",
          'window.result = new Promise(function (done) {',
          '  relay.ready({ timeoutMs: 5000 }).then(function (r) {',
          "    var settled = false;",
          "    relay.diagnose().then(function (d) { settled = true; done('ready ' + r.status + ', diagnose ' + typeof d.summary); }, function (e) { settled = true; done('ready ' + r.status + ', diagnose rejected ' + e.message); });",
          "    setTimeout(function () { if (!settled) done('ready ' + r.status + ', diagnose unsettled'); }, 6000);",
          '  });',
          '});',
          '</script>',
        ].join('\n'),
      }),
    );
    await page.goto(`${site}/app/`);
    // On ffbc4a0: 'ready fresh, diagnose unsettled' (no-op then) / 'ready fresh, diagnose rejected page-owned then'.
    expect(await page.evaluate(() => (window as unknown as { result: Promise<string> }).result)).toBe('ready fresh, diagnose string');
  });
}
