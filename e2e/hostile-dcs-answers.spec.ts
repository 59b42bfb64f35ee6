// A DCS answer at its documented limits reaching the page's outputs. The frame passes up to
// 1000 segment IDs (MAX_RESULT_IDS); the cookie output joins them into one first-party
// cookie, which browsers refuse past 4096 bytes, silently: the write is dropped and the
// cookie the server-side ad request reads keeps the previous answer's segments.
// Fixed: the cookie holds what fits. It failed before (measured): after an answer of 601 segments (4,206 bytes
// joined), ready is fresh with 601 segments but the cookie still says `5001`, the first
// answer's: outputs/cookies.ts segmentCookieOutput writes segments.join('|') whatever its size.
// (The same test with 3 more segments instead of 600 passes: the cookie follows the answer.)
import { expect } from './fixtures';
import { test } from './hostile-lab';
import type { MockDcsConfig } from '@audience-relay/mock-dcs';

test('an answer of 601 segments: the segment cookie never keeps the previous answer (it holds what fits of the new one, or nothing)', async ({ openLab, sites }) => {
  const lab = await openLab({
    config: { outputs: { cookie: { name: 'lab_seg' } } },
    calls: `
      audienceRelay('signals', { c_section: 'sports' });
      audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
        report('first ' + r.status);
      });
      window.second = function () {
        audienceRelay('signals', { c_section: 'sports', c_round: 2 });
        return audienceRelay('ready', { timeoutMs: 5000 }).then(function (r) {
          return r.status + ' ' + r.segments.length;
        });
      };`,
  });
  await lab.reported('first fresh');
  const segmentCookie = () => lab.page.evaluate(() => document.cookie.split('; ').find((c) => c.startsWith('lab_seg='))?.slice('lab_seg='.length));
  await expect.poll(segmentCookie).toBe('5001');
  const config = (await (await fetch(`${sites.dcs.url.replace('dcs.localhost', '127.0.0.1')}/__admin/config`)).json()) as MockDcsConfig;
  const acme = config.partners.acme!;
  for (let i = 0; i < 600; i++) acme.segments.push({ id: 100000 + i, name: `many ${i}`, rule: '1001T' });
  sites.dcs.setConfig(config);
  expect(await lab.page.evaluate(() => (window as unknown as { second(): Promise<string> }).second())).toMatch(/^fresh 60[12]$/);
  // The outputs apply the answer in the task after ready settles; a probe call's answer
  // (a third one, of the same 601 segments) proves they ran for the second.
  await lab.page.evaluate(() => (window as unknown as { second(): Promise<string> }).second());
  const cookie = await segmentCookie();
  expect(cookie === undefined || cookie.split('|').includes('100000') ? 'new answer' : `kept: ${cookie}`).toBe('new answer');
  expect(lab.ourErrors()).toEqual([]);
});
