// New-user trial (trial5): the frame package's README calls `dist/frame.html` "a deployable
// artifact", so a vendor uploads that file as it is (or points `frame` at it on a public npm
// CDN) instead of the output of `audience-relay-frame build`. That file is the template: its
// partner, DCS and allowed origins are empty, so it connects no page. The page's ready settles
// `blocked`; diagnose() reads the frame and says `wrong-partner`: 'serves partner "", not
// "acme": check the partner and dcs options', sending the publisher to their own config,
// which is right. It should say the frame was never built for a partner, and how to build it.
// Fixed (session g) in packages/tag/src/debug/diagnose.ts (a served frame that declares no partner:
// an unbuilt template; name `audience-relay-frame build`). packages/frame/README.md now says
// what dist/frame.html is (trial5).
import { readFileSync } from 'node:fs';
import { diagnose } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const template = readFileSync(new URL('../packages/frame/dist/frame.html', import.meta.url), 'utf8');

test('the unbuilt frame template served as the frame: diagnose() says to build it, not to check the page config', async ({ page, sites }) => {
  const site = 'http://unbuilt-frame.localhost';
  const frame = 'http://cdn-unbuilt.localhost/npm/@audience-relay/frame/dist/frame.html';
  // A public CDN serves the package's files as they are, readable by any page.
  await page.route(frame, (route) => route.fulfill({ contentType: 'text/html', headers: { 'Access-Control-Allow-Origin': '*' }, body: template }));
  await page.route(`${site}/sports/`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Sports</title>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', frame: '${frame}', connectTimeoutMs: 1500 });</script>`,
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/sports/`);
  const result = await page.evaluate(() => (window as unknown as { audienceRelay: (c: string, o: object) => Promise<{ status: string }> }).audienceRelay('ready', { timeoutMs: 3000 }));
  expect(result.status).toBe('blocked');
  const diagnosis = await diagnose(page);
  expect(diagnosis.summary).toContain('audience-relay-frame build');
});
