// @ts-check
// Adobe's own clients against mock-dcs page after page (ADOBE_SOAK_LOADS loads, default 150), in
// Chromium: VisitorAPI.js (the ID service) and DIL as a publisher page loads them, each load a
// new login (setCustomerIDs, DIL's declared ID) and a new ID sync by data source, with *.demdex.net mapped to a mock-dcs served over HTTPS on
// loopback (third-party cookies allowed). Adobe's code is not in this repository: give your
// copies (e.g. VisitorAPI.js 5.5.0 and dil.js 9.5 from Adobe's public GitHub repositories
// Adobe-Marketing-Cloud/id-service and /dil, or your tag manager's):
//
//   npm run build && node bench/adobe-real-clients-soak.mjs path/to/VisitorAPI.js path/to/dil.js
//
// Every 25 loads: the demdex.net cookies' sizes, the publisher's cookie bytes, the one device's
// profile (declared and synced IDs kept), the page heap and the requests by host and path. The
// device ID must stay the same on every load.
import { openAdobeLab, ORG, PUBLISHER } from './adobe-clients-lab.mjs';

const [visitorPath, dilPath] = process.argv.slice(2);
if (!visitorPath || !dilPath) {
  console.error('usage: node bench/adobe-real-clients-soak.mjs <VisitorAPI.js> <dil.js>   (ADOBE_SOAK_LOADS, default 150)');
  process.exit(2);
}
const LOADS = Number(process.env.ADOBE_SOAK_LOADS ?? 150);

/** One page: Visitor, then DIL with a new login every load (a site whose visitors sign in), an ID sync by data source, a signal. */
const PAGES = {
  '/soak': `var n = Number(location.search.slice(1));
    window.visitor = Visitor.getInstance('${ORG}', {});
    visitor.setCustomerIDs({ crm: { id: 'u-' + n, authState: Visitor.AuthState.AUTHENTICATED } });
    visitor.idSyncByDataSource({ dpid: '777', dpuuid: 'cp-' + n, minutesToLive: 60 });
    window.dil = DIL.create({ partner: 'acme', visitorService: { namespace: '${ORG}' }, declaredId: { dpid: '21', dpuuid: 'crm-' + n } });
    dil.api.signals({ section: 'sports', n: String(n) }, 'c_').afterResult(function (json) { window.dilAnswer = json; }).submit();`,
};

const { dcs, context, page, close } = await openAdobeLab({ visitorPath, dilPath, PAGES });

const KB = 1024;
try {
  /** @type {Record<string, number>} */
  const byPath = {};
  /** @type {string[]} */
  const errors = [];
  page.on('request', (request) => {
    const u = new URL(request.url());
    const key = `${u.hostname.split('.')[0]} ${u.pathname.startsWith('/ibs:') ? '/ibs:' : u.pathname}`;
    byPath[key] = (byPath[key] ?? 0) + 1;
  });
  page.on('pageerror', (error) => void errors.push(String(error)));
  const cdp = await context.newCDPSession(page);
  /** @type {any[]} */
  const samples = [];
  const started = Date.now();
  /** @type {string | null} */
  let firstUuid = null;
  for (let n = 1; n <= LOADS; n++) {
    await page.goto(`${PUBLISHER}/soak?${n}`);
    await page.waitForFunction(() => /** @type {any} */ (window).dilAnswer !== undefined, null, { timeout: 15_000 });
    const uuid = await page.evaluate(() => /** @type {any} */ (window).dilAnswer.uuid);
    firstUuid ??= uuid;
    if (uuid !== firstUuid) errors.push(`load ${n}: uuid ${uuid} is not ${firstUuid}`);
    if (n === 1 || n % 25 === 0 || n === LOADS) {
      await page.waitForTimeout(800);
      await cdp.send('HeapProfiler.collectGarbage');
      const cookies = await context.cookies();
      const demdex = cookies.filter((c) => c.domain.endsWith('demdex.net'));
      const pub = cookies.filter((c) => !c.domain.endsWith('demdex.net'));
      const profile = dcs.profiles().find((p) => p.uuid === firstUuid);
      samples.push({
        load: n, atS: Math.round((Date.now() - started) / 1000),
        demdexCookies: Object.fromEntries(demdex.map((c) => [c.name, c.value.length])),
        publisherCookieBytes: pub.reduce((a, c) => a + c.name.length + c.value.length + 1, 0),
        profiles: dcs.profiles().length,
        declaredIds21: /** @type {any} */ (profile?.declaredIds)?.['21']?.length ?? 0,
        syncedIds: Object.keys(/** @type {any} */ (profile?.syncedIds) ?? {}).length,
        pageHeapKB: Math.round((await cdp.send('Runtime.getHeapUsage')).usedSize / KB),
        dcsStats: dcs.profileStats(),
        requestsByHostPath: { ...byPath },
      });
      console.error(JSON.stringify(samples[samples.length - 1]));
    }
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ loads: LOADS, seconds: Math.round(seconds), loadsPerSecond: Math.round((LOADS / seconds) * 100) / 100, errors: errors.slice(0, 10), errorCount: errors.length, first: samples[0], last: samples[samples.length - 1] }, null, 1));
} finally {
  await close();
}
