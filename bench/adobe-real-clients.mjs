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
import { openAdobeLab, ORG, PUBLISHER } from './adobe-clients-lab.mjs';

const [visitorPath, dilPath] = process.argv.slice(2);
if (!visitorPath || !dilPath) {
  console.error('usage: node bench/adobe-real-clients.mjs <VisitorAPI.js> <dil.js>');
  process.exit(2);
}

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

const { dcs, page, close } = await openAdobeLab({ visitorPath, dilPath, PAGES });
/** @type {Array<{ check: string, ok: boolean, saw: unknown }>} */
const results = [];
const check = (/** @type {string} */ name, /** @type {boolean} */ ok, /** @type {unknown} */ saw) => void results.push({ check: name, ok, saw });
try {
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
  await close();
}
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.check}${r.ok ? '' : `\n     saw: ${JSON.stringify(r.saw).slice(0, 600)}`}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
