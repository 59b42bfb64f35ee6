// Markup injected into an allowed page (no script): an <iframe> of frame.html whose #fragment is
// an event call without declared IDs or trait IDs, which the frame still takes as its boot call
// (the residual SECURITY.md names: signals and the page URL reach the DCS). Outside review,
// branch attack3: the residual is wider than the DCS call. The frame acts on that answer as on
// any other: it fires the DCS's ID syncs (and URL destinations) to partners, though no tag ever
// connected to it, and it believes the fragment about the visitor's privacy:
// - the visitor's browser sends Global Privacy Control, which the page's tag honours (its own
//   frame fires no sync), yet the injected frame syncs the visitor with the content provider;
// - the page's consent is refused (the tag never mounts its frame), yet the injected frame
//   syncs the visitor.
// Fixed in packages/frame/src/boot-call.ts and handle-event.ts: the frame fires the boot call's
// ID syncs and destinations only once the tag's `boot` request claims that answer.
import type { Frame, Page } from '@playwright/test';
import { expect } from './fixtures';
import { test } from './hostile-lab';

const INJECTED = { signals: { c_injected: ['1'] }, traits: [], uuid: null, coppa: false, ids: [], url: null };

/** Requests to the demo content provider (its ID sync endpoint, /sync), from any frame of the page. */
function providerSyncs(page: Page): Array<{ frame: Frame; url: string }> {
  const seen: Array<{ frame: Frame; url: string }> = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.hostname === 'provider.localhost' && url.pathname === '/sync') seen.push({ frame: request.frame(), url: request.url() });
  });
  return seen;
}

/**
 * The injected frame, once its network has been idle for 500 ms after its boot call was
 * answered: an ID sync fires in the task after the answer, so by then it has been requested.
 */
async function injectedFrameSettled(page: Page, answered: Promise<unknown>): Promise<Frame> {
  await answered;
  const frame = (await (await page.$('#injected'))!.contentFrame())!;
  await frame.waitForLoadState('networkidle');
  return frame;
}

const markup = (dcs: string): string => `<iframe id="injected" src="${dcs}/frame.html#${encodeURIComponent(JSON.stringify(INJECTED))};x1" width="0" height="0"></iframe>`;

test("with Global Privacy Control, an injected frame.html fires no ID sync (the page's own frame fires none)", async ({ openLab, sites, page, context }) => {
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
  const syncs = providerSyncs(page);
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/event' && r.url().includes('c_injected'));
  const lab = await openLab({ markup: markup(sites.dcs.url) });
  // The control: the page's tag honours GPC (its own frame's call is answered, with no sync).
  await lab.reported(/^ready fresh - 5001/);
  const injected = await injectedFrameSettled(page, answered);
  // Today: ['injected http://provider.localhost:…/sync?uuid=<the visitor's new device ID>'].
  expect(syncs.map((s) => `${s.frame === injected ? 'injected' : 'other'} ${s.url}`)).toEqual([]);
});

test('with consent refused (the tag mounts nothing), an injected frame.html fires no ID sync', async ({ openLab, sites, page }) => {
  const syncs = providerSyncs(page);
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/event' && r.url().includes('c_injected'));
  // No TCF CMP on a page that requires one: no consent, the tag's frame is never mounted.
  const lab = await openLab({ markup: markup(sites.dcs.url), config: { consent: { requireTcf: true, timeoutMs: 500 } } });
  await lab.reported('ready no-consent NO_CONSENT ');
  const injected = await injectedFrameSettled(page, answered);
  // The control that the DCS took the injected call (the residual SECURITY.md accepts).
  expect(sites.dcs.requests().filter((r) => r.signals.c_injected !== undefined)).toHaveLength(1);
  // Today: ['injected http://provider.localhost:…/sync?uuid=…'], for a visitor who refused consent.
  expect(syncs.map((s) => `${s.frame === injected ? 'injected' : 'other'} ${s.url}`)).toEqual([]);
});
