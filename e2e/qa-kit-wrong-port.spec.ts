// New-user trial (trial5): a QA team's pages load the snippet from the mock DCS on a fixed port
// (docs/qa-kit.md: http://dcs.localhost:4100), and their test file leaves `port` out of
// dcsOptions (or sets another): the kit's mock DCS starts on a free port, nothing answers
// where the page looks, and the kit said only "The tag did not load from
// http://dcs.localhost:4100/audience-relay.js: the request failed (net::ERR_CONNECTION_REFUSED).
// Check that the DCS serves it at that URL, the page's CSP and ad blockers", though it knows
// where its own DCS listens. It now names that URL and the option to set.
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { diagnose, waitForHandshake } from '@audience-relay/testing';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();

/** A port nothing listens on: the one the QA team's pages point their snippet at. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("the page's snippet points at another port than the kit's mock DCS: diagnose names the kit's URL and the port to give it", async ({ page, sites }) => {
  const port = await closedPort();
  const pageDcs = `http://dcs.localhost:${port}`;
  const site = 'http://wrong-port.localhost';
  await page.route(`${site}/sports/`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Sports</title>',
        `<script data-src="${pageDcs}/audience-relay.js">${snippet}</script>`,
        `<script>audienceRelay('config', { partner: 'acme', dcs: '${pageDcs}' });</script>`,
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/sports/`);
  const { reasons, summary } = await diagnose(page);
  expect(reasons[0]?.code).toBe('tag-not-loaded');
  expect(summary).toContain(`${pageDcs}/audience-relay.js`);
  expect(summary).toContain(`the kit's mock DCS listens on ${sites.dcs.url}`);
  expect(summary).toContain(`dcsOptions: { port: ${port} }`);
  // The handshake's failure carries the same words.
  await expect(waitForHandshake(page, { timeoutMs: 500 })).rejects.toThrow(`dcsOptions: { port: ${port} }`);
});
