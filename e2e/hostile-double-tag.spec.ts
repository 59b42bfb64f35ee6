// A page tagged twice for one partner: the snippet in the site's template and again in a tag
// manager under another global name (data-global), as happens in every migration. create.ts
// says "one partner twice is an error"; the registry (registry.ts claim) lets a partner claim
// `partner:<name>` again (owner === partner passes), so nothing refuses it.
// Fixed: create.ts refuses a partner already configured. It failed before (measured): two DCS frames for acme, two page views counted
// at the DCS for one page load (each realizes the page's traits, so frequency segments such as
// `1001T >= 3` qualify early), and no console line says why.
import { readFileSync } from 'node:fs';
import { dcsQuiet } from '@audience-relay/testing';
import { expect } from './fixtures';
import { test } from './hostile-lab';

const snippet = (): string => readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

test('one partner configured under two globals: one frame, one page view at the DCS, and the console says why', async ({ openLab, sites }) => {
  const lab = await openLab({
    markup: `<script data-global="relayFromGtm" data-src="${sites.dcs.url}/audience-relay.js">${snippet()}</script>`,
    calls: `
      relayFromGtm('config', { partner: 'acme', dcs: '${sites.dcs.url}' });
      audienceRelay('signals', { c_section: 'sports' });
      relayFromGtm('signals', { c_from: 'gtm' });
      function settled(p) { return p.then(function (r) { return r.status; }, function (e) { return 'rejected'; }); }
      Promise.all([settled(audienceRelay('ready', { timeoutMs: 5000 })), settled(relayFromGtm('ready', { timeoutMs: 5000 }))]).then(function (r) {
        report('ready ' + r[0] + ' ' + r[1] + ' frames ' + document.querySelectorAll('iframe[title="audience-relay"]').length);
      });`,
  });
  const ready = await lab.reported(/^ready /);
  await dcsQuiet(sites.dcs);
  const pageViews = sites.dcs.requests().filter((r) => r.signals.d_url !== undefined);
  expect({ frames: ready.replace(/.* frames /, ''), pageViews: pageViews.length }).toEqual({ frames: '1', pageViews: 1 });
  expect(lab.console.join('\n')).toMatch(/acme/);
  expect(lab.ourErrors()).toEqual([]);
});
