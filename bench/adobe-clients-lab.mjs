// @ts-check
// The lab both Adobe-client benches run in (adobe-real-clients.mjs, adobe-real-clients-soak.mjs):
// a publisher server that serves the given VisitorAPI.js and dil.js and one page per path
// (as www.publisher.example and, a second publisher site, www.news.example), a mock-dcs over
// HTTPS on loopback as *.demdex.net with Audience Manager's cookie (not partitioned, unless
// `partitioned`), and a persistent Chromium context with production storage partitioning in
// one of the QA kit's cookie profiles (default `allowed`: third-party cookies allowed).
import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockDcs } from '@audience-relay/mock-dcs';
import { launchOptions, profilePreferences } from '@audience-relay/testing';

export const ORG = 'ACME123@AdobeOrg';
export const PUBLISHER = 'http://www.publisher.example';
/** A second publisher site, served the same pages. */
export const NEWS = 'http://www.news.example';

/**
 * Starts the lab. `PAGES` maps a path to the script a page runs after loading both clients.
 * @param {{ visitorPath: string, dilPath: string, PAGES: Record<string, string>, profile?: import('@audience-relay/testing').BrowserProfile, partitioned?: boolean }} options
 */
export async function openAdobeLab({ visitorPath, dilPath, PAGES, profile = 'allowed', partitioned = false }) {
  const scripts = { '/visitor.js': readFileSync(visitorPath, 'utf8'), '/dil.js': readFileSync(dilPath, 'utf8') };
  const publisher = createServer((req, res) => {
    const path = new URL(req.url ?? '/', PUBLISHER).pathname;
    const script = scripts[/** @type {keyof typeof scripts} */ (path)];
    if (script) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    const body = PAGES[path];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><body><script src="/visitor.js"></script><script src="/dil.js"></script><script>${body}</script></body>`);
  });
  await new Promise((resolve) => publisher.listen(0, '127.0.0.1', () => resolve(undefined)));
  const publisherPort = /** @type {import('node:net').AddressInfo} */ (publisher.address()).port;

  const dcs = await startMockDcs({
    https: true,
    hostname: 'demdex.net',
    config: {
      defaultPartner: 'acme',
      // As demdex.net sets it: for the whole domain, not partitioned (mock-dcs README, the device cookie).
      deviceCookie: { domain: '.demdex.net', partitioned },
      partners: {
        acme: {
          allowedOrigins: [PUBLISHER, NEWS],
          orgId: ORG,
          dataSources: [{ id: 21, integrationCode: 'crm' }],
          traits: [{ id: 1001, rule: 'c_section == "sports"' }],
          segments: [{ id: 5001, rule: '1001T' }],
          cookieDestinations: [{ name: 'aud_seg', ttlDays: 30, key: 'seg', segments: { 5001: 'sports' } }],
          destinations: [{ id: 2523, url: '//px.demdex.net/px?seg=%ALIAS%&mcid=%MCID%', segments: { 5001: 'sports' } }],
          idSyncs: [{ id: 411, dpid: 411, url: '//sync.demdex.net/sync?uid=${DD_UUID}', ttlMinutes: 10080 }],
        },
      },
    },
  });
  const profileDir = mkdtempSync(join(tmpdir(), 'adobe-clients-'));
  mkdirSync(join(profileDir, 'Default'));
  writeFileSync(join(profileDir, 'Default', 'Preferences'), JSON.stringify(profilePreferences(profile, 'demdex.net')));
  const launch = launchOptions();
  const context = await chromium.launchPersistentContext(profileDir, {
    ...launch,
    ignoreHTTPSErrors: true,
    args: [
      ...(launch.args ?? []),
      `--host-resolver-rules=MAP *.demdex.net 127.0.0.1:${dcs.port}, MAP www.publisher.example 127.0.0.1:${publisherPort}, MAP www.news.example 127.0.0.1:${publisherPort}`,
      '--ignore-certificate-errors',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    dcs,
    context,
    page,
    async close() {
      await context.close();
      await dcs.close();
      publisher.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
