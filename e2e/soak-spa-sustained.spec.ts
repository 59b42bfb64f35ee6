// Sustained use, as a single-page app runs the tag for a long session: hundreds of route changes
// (autoPageView), each with its route's signals, and a value between routes given while the
// route's call is in flight (the content provider answers the DCS in 20 ms, so each call takes
// longer than that). What must hold:
// - nothing is merged away: every route's page view reaches the DCS once, with its URL and its
//   own signals, and every value given between routes reaches it too;
// - nothing grows without bound: the page's and the frame's JavaScript objects, DOM nodes and
//   event listeners after 300 more routes are what they were after the first 50 (within a
//   margin far below what keeping each route's call would take).
// The last round's outside soak found values and page views merged away while a call was in
// flight, and the emulator's memory growing; this is the browser side of that class.
import { readFileSync } from 'node:fs';
import type { CDPSession, Frame, Page } from '@playwright/test';
import { expect, test, type Sites } from './fixtures';
import { moveFrame } from './move-frame';

const snippet = readFileSync(new URL('../packages/tag/dist/snippet.min.js', import.meta.url), 'utf8').trim();
const site = 'http://soak-spa.localhost';
const WARM_UP = 50;
const ROUTES = 300;

interface Usage {
  /** JavaScript objects, closures and arrays on the heap after a full garbage collection. */
  objects: number;
  nodes: number;
  listeners: number;
}

/**
 * A document's JavaScript objects (a heap snapshot's `object`, `closure` and `array` nodes, the
 * engine's own `system /` ones left out) after a full garbage collection, with its DOM nodes and
 * listeners (CDP). Counts, not bytes: the heap's bytes also grow with the engine's compiled code
 * and DevTools' own network records (a soak of this test measured +60-75 KB of code and +170 KB
 * of DevTools records over 300 routes in the frame, and no object of ours), while anything the
 * tag or the frame kept per call would add objects per route.
 */
async function usage(session: CDPSession): Promise<Usage> {
  await session.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  const collect = ({ chunk }: { chunk: string }): void => void chunks.push(chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', collect);
  await session.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  session.off('HeapProfiler.addHeapSnapshotChunk', collect);
  const heap = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const width = heap.snapshot.meta.node_fields.length;
  const types = heap.snapshot.meta.node_types[0];
  let objects = 0;
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i]!]!;
    if ((type === 'object' || type === 'closure' || type === 'array') && !heap.strings[heap.nodes[i + 1]!]!.startsWith('system /')) objects++;
  }
  const { metrics } = await session.send('Performance.getMetrics');
  const metric = (name: string): number => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { objects, nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}

async function session(page: Page, target: Page | Frame): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(target);
  await cdp.send('Performance.enable');
  return cdp;
}

/**
 * `count` routes from `from`, one every 70 ms (a brisk reader), each with its signals, and a value
 * 10 ms after each. A loaded machine answers slower than that: past 20 waiting calls the reader
 * pauses until they are down to 5, so calls stay in flight and queued, and never more than the
 * tag keeps (100, then QUEUE_FULL, which is a loss the page is told of, not this test's subject).
 */
async function drive(page: Page | Frame, from: number, count: number): Promise<void> {
  await page.evaluate(
    async ({ start, n }) => {
      const relay = (window as unknown as { audienceRelay: (...a: unknown[]) => Promise<unknown> }).audienceRelay;
      for (let i = start; i < start + n; i++) {
        history.pushState({}, '', `/r${i}`);
        void relay('signals', { c_section: `r${i}` });
        // A value given after the route's task, while calls are in flight: it joins a later call.
        await new Promise((resolve) => setTimeout(resolve, 10));
        void relay('signals', { c_tick: `t${i}` });
        await new Promise((resolve) => setTimeout(resolve, 60));
        const waiting = async (): Promise<number> => ((await relay('snapshot')) as { queueLength: number }).queueLength;
        if ((await waiting()) > 20) while ((await waiting()) > 5) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await relay('ready', { timeoutMs: 20_000 });
    },
    { start: from, n: count },
  );
}

/**
 * The soak: `framedCmp`, the SPA in a same-site iframe of a page whose CMP it reaches through
 * locator frames (the stand-in's TCF and US Privacy, asked before each event call), as a
 * publisher's framed content does.
 */
async function soak(page: Page, sites: Sites, framedCmp: boolean): Promise<void> {
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  sites.provider.setDelay(20);
  await page.route(`${site}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: new URL(route.request().url()).pathname === '/top'
        ? `<!doctype html><title>Top</title><script src="${sites.publisher.url}/stand-ins/cmp/dist/cmp.js"></script><iframe src="/r-landing"></iframe>`
        : [
            '<!doctype html><title>SPA soak</title>',
            `<script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script>`,
            '<script>',
            `audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}', autoPageView: true });`,
            '</script>',
          ].join('\n'),
    }),
  );
  await page.goto(framedCmp ? `${site}/top?cmp=given&usp=1YNN` : `${site}/r-landing`);
  const app: Page | Frame = framedCmp ? page.frames().find((f) => f.url() === `${site}/r-landing`)! : page;
  expect(app, 'the app').toBeTruthy();
  const first = (await app.evaluate(() => (window as unknown as { audienceRelay: (...a: unknown[]) => Promise<unknown> }).audienceRelay('ready', { timeoutMs: 20_000 }))) as { status: string };
  expect(first.status).toBe('fresh');
  const frame = page.frames().find((f) => f.url().startsWith(sites.dcs.url));
  expect(frame, 'the DCS frame').toBeTruthy();
  // The app's document shares its process and heap with the top page's (same site).
  const [pageCdp, frameCdp] = await Promise.all([session(page, page), session(page, frame!)]);

  await drive(app, 0, WARM_UP);
  const before = { page: await usage(pageCdp), frame: await usage(frameCdp) };
  const started = Date.now();
  await drive(app, WARM_UP, ROUTES);
  const elapsed = Date.now() - started;
  const after = { page: await usage(pageCdp), frame: await usage(frameCdp) };

  const total = WARM_UP + ROUTES;
  const state = (await app.evaluate(() => (window as unknown as { audienceRelay: (...a: unknown[]) => Promise<unknown> }).audienceRelay('snapshot'))) as { dropped: number; calls: number; consent: { usPrivacy: string | null } };
  expect(state.dropped, 'calls the tag dropped').toBe(0);
  if (framedCmp) expect(state.consent.usPrivacy, "the framed CMP's US Privacy string").toBe('1YNN');
  const events = (): Array<{ url: string | null; sections: string[]; ticks: string[] }> =>
    sites.dcs.requests().map((r) => ({ url: r.signals.d_url?.[0] ?? null, sections: r.signals.c_section ?? [], ticks: r.signals.c_tick ?? [] }));
  // Every route's page view, once, carrying that route's section (and no other route's).
  await expect.poll(() => events().filter((e) => e.url?.startsWith(`${site}/r`) && e.url !== `${site}/r-landing`).length, { timeout: 20_000 }).toBe(total);
  const calls = events();
  for (let i = 0; i < total; i++) {
    const views = calls.filter((e) => e.url === `${site}/r${i}`);
    expect(views.length, `page views of /r${i}`).toBe(1);
    expect(views[0]!.sections, `/r${i}'s section`).toEqual([`r${i}`]);
  }
  // Every value given between routes, once.
  const ticks = calls.flatMap((e) => e.ticks);
  expect(new Set(ticks).size).toBe(ticks.length);
  expect(ticks.sort()).toEqual(Array.from({ length: total }, (_, i) => `t${i}`).sort());

  const grew = (where: 'page' | 'frame'): Usage => ({
    objects: after[where].objects - before[where].objects,
    nodes: after[where].nodes - before[where].nodes,
    listeners: after[where].listeners - before[where].listeners,
  });
  console.log(`soak${framedCmp ? ' (framed CMP)' : ''}: ${ROUTES} routes in ${elapsed} ms, ${state.calls} calls in all; page objects ${before.page.objects} -> ${after.page.objects}, frame objects ${before.frame.objects} -> ${after.frame.objects}; nodes ${before.page.nodes} -> ${after.page.nodes}, listeners ${before.page.listeners} -> ${after.page.listeners} (frame ${before.frame.listeners} -> ${after.frame.listeners})`);
  // Anything kept per call (its URL, signals, answer, a listener) is at least one object per
  // route: 300. A tenth of that leaves room for the engine's own, not for a record per route.
  for (const where of ['page', 'frame'] as const) {
    const growth = grew(where);
    expect(growth.objects, `${where} objects kept over ${ROUTES} routes`).toBeLessThan(ROUTES / 10);
    expect(growth.nodes, `${where} DOM nodes`).toBeLessThanOrEqual(0);
    expect(growth.listeners, `${where} event listeners`).toBeLessThanOrEqual(0);
  }
}

test('an SPA soak: 350 routes given while calls are in flight lose no page view or value, and the page and frame stay the same size', async ({ page, sites }) => {
  test.setTimeout(120_000);
  await soak(page, sites, false);
});

// The US Privacy string is asked of the CMP before each event call: through a locator frame,
// each asking kept its callback for good (consent/cmp.ts), +1 object per call.
test('the same soak with the CMP in the top page, reached through locator frames: nothing kept per call either', async ({ page, sites }) => {
  test.setTimeout(120_000);
  await soak(page, sites, true);
});

// Frameworks re-parent nodes, and the page may move or drop the tag's iframe over a long session:
// each move reloads the frame, and the tag connects to it again (attack16, attack17). What each
// connection made (its port, its listeners, what the tag records to add listeners again after
// document.open()) must go with it.
test('a long session whose frame is moved or removed 40 times, a call with each: the page keeps nothing per reconnection', async ({ page, sites }) => {
  test.setTimeout(180_000);
  const config = sites.demo();
  config.partners.acme!.allowedOrigins.push(site);
  sites.dcs.setConfig(config);
  await page.route(`${site}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Moves</title><body><script data-src="${sites.dcs.url}/audience-relay.js">${snippet}</script><script>audienceRelay('config', { partner: 'acme', dcs: '${sites.dcs.url}' });</script></body>`,
    }),
  );
  await page.goto(`${site}/moves`);
  expect(await page.evaluate(async () => ((await (window as unknown as { audienceRelay: (...a: unknown[]) => Promise<{ status: string }> }).audienceRelay('ready', { timeoutMs: 20_000 })) as { status: string }).status)).toBe('fresh');
  const pageCdp = await session(page, page);
  const moves = async (from: number, count: number): Promise<void> => {
    for (let i = from; i < from + count; i++) {
      // Moved within its parent (the page's own DOM stays the same size), or every other time
      // removed: the next call mounts a new frame.
      if (i % 2) expect(await moveFrame(page, 20_000, 'within'), `ready after move ${i}`).toBe('fresh');
      const status = await page.evaluate(async (n) => {
        const call = (window as unknown as { audienceRelay: (...a: unknown[]) => Promise<unknown> }).audienceRelay;
        if (n % 2 === 0) document.querySelector('iframe[title="audience-relay"]')?.remove();
        await call('signals', { c_move: `m${n}` });
        return ((await call('ready', { timeoutMs: 20_000 })) as { status: string }).status;
      }, i);
      expect(status, `ready after the call of ${i}`).toBe('fresh');
    }
  };
  await moves(0, 10);
  const before = await usage(pageCdp);
  await moves(10, 40);
  const after = await usage(pageCdp);
  console.log(`soak (frame moved, removed): 40 times; page objects ${before.objects} -> ${after.objects}, nodes ${before.nodes} -> ${after.nodes}, listeners ${before.listeners} -> ${after.listeners}`);
  await expect.poll(() => new Set(sites.dcs.requests().flatMap((r) => r.signals.c_move ?? [])).size, { timeout: 20_000 }).toBe(50);
  // A reconnection's port, its listeners and its record are a few objects: 40 of them kept would
  // be well over 40. Fewer than 20 leaves room for the engine's own.
  expect(after.objects - before.objects, 'page objects kept over 40 reconnections').toBeLessThan(20);
  expect(after.nodes - before.nodes, 'DOM nodes').toBeLessThanOrEqual(0);
  expect(after.listeners - before.listeners, 'event listeners').toBeLessThanOrEqual(0);
});

