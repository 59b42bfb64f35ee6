// A site where GDPR always applies sets `consent.requireTcf`, and loads its CMP after the tag
// (async, or through a tag manager): the usual order on real pages. The tag looked for the CMP
// once, at start, and counted the page as refusing for the whole page view, even after the
// visitor accepted (consent/consent.ts now looks again). Nothing may be sent before the grant.
import { expect } from './fixtures';
import { test } from './hostile-lab';

/** A TCF v2.2 CMP defined `afterMs` after the page's calls, answering with `consents`. */
const lateCmp = (afterMs: number, consents: boolean): string => `
  setTimeout(function () {
    window.__tcfapi = function (command, version, callback) {
      if (command !== 'addEventListener') return;
      setTimeout(function () {
        callback({ gdprApplies: true, eventStatus: 'tcloaded', tcString: 'CPlateCMP', listenerId: 1,
          purpose: { consents: { 1: ${consents}, 10: ${consents} } }, vendor: { consents: { 565: ${consents} } } }, true);
      });
    };
    report('cmp defined');
  }, ${afterMs});
`;

const CALLS = (cmp: string) => `
  audienceRelay('signals', { c_section: 'sports' });
  audienceRelay('ready', { timeoutMs: 800 }).then(function (r) { report('ready ' + r.status); });
  audienceRelay('on', 'segments', function (e) { report('segments ' + (e.cached ? 'cached' : 'fresh') + ' ' + e.segments.join(',')); });
  ${cmp}
`;

test('requireTcf with a CMP loaded 1.5 s after the tag: nothing is sent before it; its grant sends the queued call with the TC string', async ({ openLab, sites }) => {
  const lab = await openLab({ config: { consent: { requireTcf: true } }, calls: CALLS(lateCmp(1500, true)) });
  // The deadline passes first: ready says no consent yet, and nothing has gone to the DCS.
  await lab.reported('ready no-consent');
  expect(sites.dcs.requests()).toEqual([]);
  await lab.reported('cmp defined');
  await lab.reported(/^segments fresh /);
  const [call, ...more] = sites.dcs.requests();
  expect(more).toEqual([]);
  expect(call!.signals).toMatchObject({ c_section: ['sports'] });
  const query = new URL(call!.path, 'http://x').searchParams;
  expect([query.get('gdpr'), query.get('gdpr_consent')]).toEqual(['1', 'CPlateCMP']);
  const ready = await lab.page.evaluate(() => (window as unknown as { audienceRelay(...a: unknown[]): Promise<{ status: string }> }).audienceRelay('ready'));
  expect(ready.status).toBe('fresh');
  expect(lab.ourErrors()).toEqual([]);
});

test('requireTcf with a late CMP that refuses: nothing is ever sent, and no frame is mounted', async ({ openLab, sites }) => {
  const lab = await openLab({ config: { consent: { requireTcf: true } }, calls: CALLS(lateCmp(600, false)) });
  await lab.reported('cmp defined');
  // The refusal is read: a new ready settles no-consent at once, not by its deadline.
  const started = Date.now();
  const ready = await lab.page.evaluate(() => (window as unknown as { audienceRelay(...a: unknown[]): Promise<{ status: string }> }).audienceRelay('ready', { timeoutMs: 20_000 }));
  expect(ready.status).toBe('no-consent');
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(sites.dcs.requests()).toEqual([]);
  await expect(lab.page.locator('iframe[title="audience-relay"]')).toHaveCount(0);
  expect(lab.ourErrors()).toEqual([]);
});

// Without requireTcf, the tag looked for a CMP only at start: one loaded later was never seen,
// and the visitor's refusal in it changed nothing on that page view (calls went on, what was
// stored stayed). consent/consent.ts now looks for 30 s for every framework missing at start.
test('no requireTcf, a CMP loaded after the first answer refuses: the targeting and what was stored go, and nothing more is sent', async ({ openLab, sites }) => {
  const calls = `
    audienceRelay('signals', { c_section: 'sports' });
    audienceRelay('on', 'segments', function (e) { report('segments ' + (e.cached ? 'cached' : 'fresh') + ' [' + e.segments.join(',') + ']'); });
    audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
      report('ready ' + r.status);
      ${lateCmp(0, false)}
    });
  `;
  const lab = await openLab({ config: {}, calls });
  // No CMP at start: the first call goes (there is no consent to wait on).
  await lab.reported('ready fresh');
  expect(sites.dcs.requests()).toHaveLength(1);
  await lab.reported('cmp defined');
  // The refusal is read: the segments go, and the frame with them.
  await lab.reported('segments fresh []');
  await expect(lab.page.locator('iframe[title="audience-relay"]')).toHaveCount(0);
  const after = await lab.page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay(...a: unknown[]): Promise<{ status: string }> }).audienceRelay;
    void relay('signals', { c_more: 'x' });
    const ready = await relay('ready', { timeoutMs: 2000 });
    return { status: ready.status, stored: Object.keys(localStorage).filter((k) => k.startsWith('ar_')), cookies: document.cookie };
  });
  // `ready` settles no-consent at once (the refusal is known), and the page keeps nothing of
  // ours: no device-ID copy, no cached segments, no cookie destination (the answer's, which
  // waited for the outputs bundle, was written after the refusal before).
  expect(after).toEqual({ status: 'no-consent', stored: [], cookies: '' });
  expect(sites.dcs.requests()).toHaveLength(1);
  expect(lab.ourErrors()).toEqual([]);
});
