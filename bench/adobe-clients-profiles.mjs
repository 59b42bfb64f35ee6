// @ts-check
// Adobe's real clients in the QA kit's three cookie profiles, against mock-dcs with Audience
// Manager's unpartitioned `demdex` cookie and with mock-dcs's partitioned default: what
// Experience Cloud ID (Visitor API) and which device ID (DIL's /event answer) a visitor gets
// on a publisher site, again on a second page of it, and on a second publisher site.
// Audience Manager's cookie is SameSite=None; Secure, not Partitioned (mock-dcs README, "The
// device cookie"): these figures are what changes between the two.
//
//   npm run build && node bench/adobe-clients-profiles.mjs path/to/VisitorAPI.js path/to/dil.js
//
// Loopback only; prints one JSON line per profile and cookie, then a summary.
import { NEWS, ORG, PUBLISHER, openAdobeLab } from './adobe-clients-lab.mjs';

const [visitorPath, dilPath] = process.argv.slice(2);
if (!visitorPath || !dilPath) {
  console.error('usage: node bench/adobe-clients-profiles.mjs <VisitorAPI.js> <dil.js>');
  process.exit(2);
}

const PAGES = {
  '/visit': `window.visitor = Visitor.getInstance('${ORG}', {});
    visitor.getMarketingCloudVisitorID(function (mid) { window.mid = mid; }, true); // true: called back with a cached MID too
    window.dil = DIL.create({ partner: 'acme', visitorService: { namespace: '${ORG}' } });
    dil.api.signals({ section: 'sports' }, 'c_').afterResult(function (json) { window.dilAnswer = json; }).submit();`,
};

/** @typedef {{ mid: string, uuid: string, segmentCookie: string }} Visit */

/** @param {import('@playwright/test').Page} page @param {string} url @returns {Promise<Visit>} */
async function visit(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => /** @type {any} */ (window).dilAnswer !== undefined && /** @type {any} */ (window).mid !== undefined, null, { timeout: 45_000 });
  return page.evaluate(() => {
    const w = /** @type {any} */ (window);
    return { mid: String(w.mid), uuid: String(w.dilAnswer.uuid ?? '(none)'), segmentCookie: (document.cookie.split('; ').find((c) => c.startsWith('aud_seg=')) ?? '(none)').slice(0, 40) };
  });
}

/** @type {Array<Record<string, unknown>>} */
const rows = [];
for (const profile of /** @type {const} */ (['allowed', 'partitioned', 'blocked'])) {
  for (const partitioned of [false, true]) {
    const lab = await openAdobeLab({ visitorPath, dilPath, PAGES, profile, partitioned });
    try {
      const a1 = await visit(lab.page, `${PUBLISHER}/visit`);
      const a2 = await visit(lab.page, `${PUBLISHER}/visit`);
      const b1 = await visit(lab.page, `${NEWS}/visit`);
      const row = {
        profile,
        cookie: partitioned ? 'Partitioned (mock default)' : 'as Audience Manager',
        sameMidOnSecondPage: a2.mid === a1.mid,
        sameMidOnSecondSite: b1.mid === a1.mid,
        sameDeviceOnSecondPage: a2.uuid === a1.uuid,
        sameDeviceOnSecondSite: b1.uuid === a1.uuid,
        uuids: [a1.uuid, a2.uuid, b1.uuid],
        demdexCookies: (await lab.context.cookies('https://dpm.demdex.net')).filter((c) => c.name === 'demdex').length,
        profiles: lab.dcs.profileStats().size,
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    } finally {
      await lab.close();
    }
  }
}
console.table(rows.map(({ uuids: _uuids, ...row }) => row));
