// Sustained use against a DCS that fails now and then, as a real one does over a long session:
// a single-page app's routes and values (as in soak-spa-sustained.spec.ts) while every tenth
// route's call meets a fault: 503 and 429 (the frame and the tag send the call again later), an
// HTTP 500, a body that is not JSON, a connection dropped without an answer, a 3 s stall.
// What must hold, over the whole session:
// - nothing given is lost before the DCS: every route's section and every value between routes
//   reaches the DCS in some request (whatever the DCS answered it);
// - nothing is processed twice: no value is in two requests the DCS answered 200;
// - a call the DCS refused as busy (429, 503) is processed once it is free;
// - the tag comes back after each fault: the session's last `ready` is fresh, and nothing
//   reached the page as an error (no page error, no unhandled rejection).
import { readFileSync } from 'node:fs';
import type { FaultSpec } from '@audience-relay/mock-dcs';
import { expect, test } from './fixtures';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const site = 'http://soak-flaky.localhost';
const FAULTS: Array<Partial<FaultSpec>> = [{ status: 503 }, { status: 500 }, { malformedBody: true }, { status: 429 }, { dropConnection: true }, { latencyMs: 3000 }];
const CHUNK = 10;
const ROUTES = CHUNK * FAULTS.length * 2;

test('a soak against a flaky DCS: no value lost before the DCS, none processed twice, busy calls processed, the tag fresh at the end', async ({ page, sites }) => {
  test.setTimeout(180_000);
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.route(`${site}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: [
        '<!doctype html><title>Flaky DCS soak</title>',
        '<script>addEventListener("unhandledrejection", (e) => (window.rejections ??= []).push(String(e.reason)));</script>',
        `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
        '<script>',
        `audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', autoPageView: true });`,
        '</script>',
      ].join('\n'),
    }),
  );
  await page.goto(`${site}/r-landing`);
  await page.evaluate(() => (window as unknown as { audienceRelay: (...a: unknown[]) => Promise<unknown> }).audienceRelay('ready', { timeoutMs: 20_000 }));

  for (let chunk = 0; chunk < ROUTES / CHUNK; chunk++) {
    // The next event call meets the fault (the route's page view, or a value's call before it).
    sites.dcs.injectFault({ count: 1, ...FAULTS[chunk % FAULTS.length]! });
    await page.evaluate(
      async ({ start, n }) => {
        const relay = (window as unknown as { audienceRelay: (...a: unknown[]) => Promise<unknown> }).audienceRelay;
        for (let i = start; i < start + n; i++) {
          history.pushState({}, '', `/r${i}`);
          void relay('signals', { c_section: `r${i}` });
          await new Promise((resolve) => setTimeout(resolve, 10));
          void relay('signals', { c_tick: `t${i}` });
          await new Promise((resolve) => setTimeout(resolve, 60));
          // A loaded machine answers slower: past 20 waiting calls the reader pauses (as in
          // soak-spa-sustained.spec.ts), so no call is dropped as QUEUE_FULL.
          const waiting = async (): Promise<number> => ((await relay('snapshot')) as { queueLength: number }).queueLength;
          if ((await waiting()) > 20) while ((await waiting()) > 5) await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
      { start: chunk * CHUNK, n: CHUNK },
    );
    // Each fault meets a call before the next is planned (a plan replaces the one pending).
    await expect.poll(async () => (await fetch(`${sites.dcs.url.replace("//dcs.localhost", "//127.0.0.1")}/__admin/faults`)).json(), { timeout: 20_000 }).toBeNull();
  }
  // The tag's later sends of a busy call wait 2, 4 and 8 s: the session's end waits them out.
  const last = (await page.evaluate(() => (window as unknown as { audienceRelay: (...a: unknown[]) => Promise<unknown> }).audienceRelay('ready', { timeoutMs: 30_000 }))) as { status: string };

  // Every call made has gone (the last of them may wait out a busy DCS's later sends).
  const idle = async (): Promise<boolean> => {
    const state = (await page.evaluate(() => (window as unknown as { audienceRelay: (...a: unknown[]) => Promise<unknown> }).audienceRelay('snapshot'))) as { queueLength: number; inFlight: boolean; dropped: number };
    expect(state.dropped, 'calls the tag dropped').toBe(0);
    return state.queueLength === 0 && !state.inFlight;
  };
  await expect.poll(idle, { timeout: 60_000 }).toBe(true);
  const given = [...Array.from({ length: ROUTES }, (_, i) => ['c_section', `r${i}`]), ...Array.from({ length: ROUTES }, (_, i) => ['c_tick', `t${i}`])] as Array<[string, string]>;
  // What a request carried, from its recorded path (query and form body, as the DCS got them):
  // a call the DCS failed or refused took no signals, but it carried them.
  const carried = (path: string, key: string): string[] => new URLSearchParams(path.split('?')[1] ?? '').getAll(key).flatMap((value) => value.split(','));
  const seenIn = (key: string, value: string, ok?: boolean) => sites.dcs.requests().filter((r) => (ok === undefined || (r.status === 200) === ok) && carried(r.path, key).includes(value));
  await expect
    .poll(() => given.filter(([key, value]) => seenIn(key, value).length === 0).map(([, value]) => value), { timeout: 30_000, message: 'values that never reached the DCS' })
    .toEqual([]);
  const twice = given.filter(([key, value]) => seenIn(key, value, true).length > 1).map(([, value]) => value);
  expect(twice, 'values the DCS processed twice').toEqual([]);
  // A busy DCS refused the call, so it goes again: the values it carried are processed.
  const refusedBusy = sites.dcs.requests().filter((r) => r.status === 429 || r.status === 503);
  expect(refusedBusy.length, 'calls the DCS refused as busy').toBeGreaterThan(0);
  for (const request of refusedBusy) {
    for (const key of ['c_section', 'c_tick']) for (const value of carried(request.path, key)) expect(seenIn(key, value, true).length, `${value}, refused busy, processed later`).toBe(1);
  }
  expect(last.status, "the session's last ready").toBe('fresh');
  problems.push(...(await page.evaluate(() => (window as unknown as { rejections?: string[] }).rejections ?? [])).map((r) => `unhandledrejection: ${r}`));
  expect(problems).toEqual([]);
  // Every fault met a call: twice each (the frame sends a 503 or 429 again at once, and it may
  // meet the DCS's answer to that too; none is retried past the tag's later sends).
  const requests = sites.dcs.requests();
  for (const status of [503, 500, 429, 0]) expect(requests.filter((r) => r.status === status).length, `calls answered ${status}`).toBeGreaterThanOrEqual(2);
  expect(requests.filter((r) => r.durationMs >= 3000).length, 'calls stalled 3 s').toBeGreaterThanOrEqual(2);
  const statuses = sites.dcs.requests().reduce<Record<number, number>>((all, r) => ({ ...all, [r.status]: (all[r.status] ?? 0) + 1 }), {});
  console.log(`flaky soak: ${ROUTES} routes, DCS answers by status ${JSON.stringify(statuses)}`);
});
