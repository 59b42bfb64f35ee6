// @ts-check
// Adobe's own clients against mock-dcs, in Chromium: VisitorAPI.js (the ID service) and DIL,
// as a publisher page loads them, with *.demdex.net mapped to a mock-dcs served over HTTPS on
// loopback (third-party cookies allowed). Adobe's code is not in this repository: give your
// copies (e.g. VisitorAPI.js 5.5.0 and dil.js 9.5 from Adobe's public GitHub repositories
// Adobe-Marketing-Cloud/id-service and /dil, or your tag manager's):
//
//   npm run build && node bench/adobe-real-clients.mjs path/to/VisitorAPI.js path/to/dil.js
//
// Each check says what the client did with mock-dcs's answers; the exit code is 1 when one fails.
import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockDcs } from '@audience-relay/mock-dcs';
import { chromiumExecutable } from '@audience-relay/testing';

const [visitorPath, dilPath] = process.argv.slice(2);
if (!visitorPath || !dilPath) {
  console.error('usage: node bench/adobe-real-clients.mjs <VisitorAPI.js> <dil.js>');
  process.exit(2);
}
const ORG = 'ACME123@AdobeOrg';
const PUBLISHER = 'http://www.publisher.example';
const scripts = { '/visitor.js': readFileSync(visitorPath, 'utf8'), '/dil.js': readFileSync(dilPath, 'utf8') };

/** Page bodies: each loads both clients, then runs its script. */
const PAGES = {
  '/basic': `window.visitor = Visitor.getInstance('${ORG}', {});
    window.dil = DIL.create({ partner: 'acme', visitorService: { namespace: '${ORG}' }, declaredId: { dpid: '21', dpuuid: 'crm-1' } });
    dil.api.signals({ section: 'sports' }, 'c_').afterResult(function (json) { window.dilAnswer = json; }).submit();`,
  '/ids': `window.visitor = Visitor.getInstance('${ORG}', {});
    visitor.setCustomerIDs({ crm: { id: 'u-42', authState: Visitor.AuthState.AUTHENTICATED } });
    visitor.idSyncByDataSource({ dpid: '777', dpuuid: 'cp-9', minutesToLive: 60 });
    visitor.idSyncByURL({ dpid: '778', url: '//sync.demdex.net/byurl?uid=%DID%&p=%HTTP_PROTO%', minutesToLive: 60 });`,
  '/optin': `window.visitor = Visitor.getInstance('${ORG}', { doesOptInApply: true, isOptInStorageEnabled: false });
    visitor.isOptedOut(function (v) { window.optedOut = v; }, Visitor.OptOut.GLOBAL, true);`,
  '/optout': `new Image().src = 'https://dpm.demdex.net/demoptout.jpg';`,
};

const publisher = createServer((req, res) => {
  const path = new URL(req.url ?? '/', PUBLISHER).pathname;
  const script = scripts[/** @type {keyof typeof scripts} */ (path)];
  if (script) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  const body = PAGES[/** @type {keyof typeof PAGES} */ (path)];
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
    deviceCookie: { domain: '.demdex.net' },
    partners: {
      acme: {
        allowedOrigins: [PUBLISHER],
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
writeFileSync(join(profileDir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }));
const executablePath = chromiumExecutable();
const context = await chromium.launchPersistentContext(profileDir, {
  ...(executablePath ? { executablePath } : {}),
  ignoreHTTPSErrors: true,
  args: [
    '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync',
    `--host-resolver-rules=MAP *.demdex.net 127.0.0.1:${dcs.port}, MAP www.publisher.example 127.0.0.1:${publisherPort}`,
    '--ignore-certificate-errors',
  ],
});
/** @type {Array<{ check: string, ok: boolean, saw: unknown }>} */
const results = [];
const check = (/** @type {string} */ name, /** @type {boolean} */ ok, /** @type {unknown} */ saw) => void results.push({ check: name, ok, saw });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  /** @type {string[]} */
  const requested = [];
  /** @type {string[]} */
  const errors = [];
  page.on('request', (request) => void requested.push(request.url()));
  page.on('pageerror', (error) => void errors.push(String(error)));

  await page.goto(`${PUBLISHER}/basic`);
  await page.waitForFunction(() => /** @type {any} */ (window).dilAnswer !== undefined, null, { timeout: 15_000 });
  const basic = await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    return { mid: w.visitor.getMarketingCloudVisitorID(), region: w.visitor.getAudienceManagerLocationHint(), blob: w.visitor.getAudienceManagerBlob(), dil: w.dilAnswer, cookie: document.cookie };
  });
  check('Visitor keeps the d_mid of /id (38 digits), the region and the blob', /^\d{38}$/.test(basic.mid) && basic.region === 7 && /^[\w-]{20,}$/.test(basic.blob), basic);
  check("DIL's POST /event is answered: uuid, stuff, dests", /^\d{38}$/.test(basic.dil?.uuid ?? '') && basic.dil?.dests?.[0]?.id === '2523', basic.dil);
  check("DIL writes the cookie destination on the publisher's page", basic.cookie.includes('aud_seg=seg%3Dsports'), basic.cookie);
  await page.waitForTimeout(1500);
  check('dest5.html fired the ID sync of /id and the URL destination with %MCID%', requested.some((u) => u.startsWith(`https://sync.demdex.net/sync?uid=${basic.dil?.uuid}`)) && requested.some((u) => u.includes(`/px?seg=sports&mcid=${basic.mid}`)), requested.filter((u) => /sync|px/.test(u)));
  check('the declared ID reached the profile', JSON.stringify(dcs.profiles().find((p) => p.uuid === basic.dil?.uuid)?.declaredIds) === '{"21":["crm-1"]}', dcs.profiles());

  requested.length = 0;
  await page.goto(`${PUBLISHER}/ids`);
  await page.waitForTimeout(3000);
  check('idSyncByDataSource goes to /ibs: and is stored', JSON.stringify(dcs.profiles().find((p) => p.uuid === basic.dil?.uuid)?.syncedIds) === '{"777":"cp-9"}', dcs.profiles());
  check('idSyncByURL fires with %DID% and %HTTP_PROTO% replaced', requested.includes(`https://sync.demdex.net/byurl?uid=${basic.dil?.uuid}&p=https`), requested.filter((u) => u.includes('byurl')));

  await page.goto(`${PUBLISHER}/optin`);
  await page.waitForFunction(() => /** @type {any} */ (window).optedOut !== undefined, null, { timeout: 10_000 });
  check('opt-in pending: /optOutStatus answers, Visitor reads it (not opted out)', (await page.evaluate(() => /** @type {any} */ (window).optedOut)) === false && requested.some((u) => u.includes('/optOutStatus?')), requested.filter((u) => u.includes('optOutStatus')));

  await page.goto(`${PUBLISHER}/optout`);
  await page.waitForTimeout(1000);
  await page.goto(`${PUBLISHER}/basic`);
  await page.waitForFunction(() => /** @type {any} */ (window).dilAnswer !== undefined, null, { timeout: 15_000 });
  const after = await page.evaluate(() => /** @type {any} */ (window).dilAnswer);
  check('after the opt-out, DIL gets an answer with no uuid and no data', after && after.uuid === undefined && after.stuff.length === 0, after);
  check('no error in the page', errors.length === 0, errors);
} finally {
  await context.close();
  await dcs.close();
  publisher.close();
  rmSync(profileDir, { recursive: true, force: true });
}
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.check}${r.ok ? '' : `\n     saw: ${JSON.stringify(r.saw).slice(0, 600)}`}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
