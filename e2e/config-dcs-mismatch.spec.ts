// New-user trial (branch trial): a publisher whose frame is on a CDN (deploying.md) sets
// `frame` right but `dcs` to another DCS than the one the frame was built with (a staging
// DCS, a typo in the host). Everything looks fine: `ready` is fresh and diagnose() says ok,
// because the frame calls the DCS built into it. But the page-hide beacon goes to `dcs`
// (README: "the tag sends the signals still queued when the page is hidden straight to
// <dcs>/event"), so those signals are silently lost at a DCS that does not know the page.
// The frame knows its DCS (its `audience-relay:dcs` meta): the handshake should refuse the
// mismatch as it refuses a wrong partner ("this frame serves partner …"), naming both origins.
// Fixed: the connect carries the config's DCS origin, and the frame refuses another
// (bridge-server.ts), naming both.
import { readFileSync } from 'node:fs';
import { waitForSegments } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

test('a page whose dcs is not the DCS its frame calls is told so at the handshake', async ({ page, sites }) => {
  const wrongDcs = sites.dcs.url.replace('//dcs.localhost', '//staging-dcs.localhost');
  await page.route(`${sites.publisher.url}/mismatch/`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Mismatch</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${wrongDcs}', frame: '${sites.dcs.url}/frame.html' });`,
        "audienceRelay('signals', { c_section: 'sports' });</script>",
      ].join('\n'),
    }),
  );
  await page.goto(`${sites.publisher.url}/mismatch/`);
  const result = await waitForSegments(page, { timeoutMs: 5000 });
  expect(result.status).toBe('error');
  expect(result.error?.message).toContain(sites.dcs.url);
  expect(result.error?.message).toContain(wrongDcs);
});
