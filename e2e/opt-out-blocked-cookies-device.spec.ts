// optOut() where the browser refuses the DCS's cookie (third-party cookies blocked: Chrome's
// setting and Incognito default; Safari and Firefox's strict mode for Audience Manager's
// unpartitioned `demdex`): the visitor's device is known to the DCS only by the `d_uuid` the frame
// sends on every call (the tag's first-party copy), yet the frame's device opt-out is a bare
// `/demoptout.jpg` that counts on the cookie. The DCS gets no cookie and no device ID, so it opts
// nothing out: the profile it built from this visitor's calls stays live at the DCS (segments,
// destination exports, server-to-server calls by that ID), only the tag's local marker stops
// this site's calls. Audience Manager documents the device-ID form for exactly this, "Partner
// Level Opt-Out with Device ID calls": `/demoptout.jpg?d_uuid=<AAM ID>` ("Data privacy
// requests", "Declared IDs: legacy opt-outs, d_uuid only").
// Outside review (fidelity7).
// Fixed in packages/frame/src/opt-out.ts and packages/tag/src/relay.ts: the tag sends the device
// ID it had as the opt-out was made (its copy is forgotten at once), and the device opt-out
// carries d_uuid=<id> (and d_mid, d_orgid with an Experience Cloud ID).
import { expect, test } from './fixtures';

type Relay = (...args: unknown[]) => Promise<unknown>;

test.use({ browserProfile: 'blocked' });

test('third-party cookies blocked: optOut() opts out at the DCS the device the frame named by d_uuid', async ({ page, sites }) => {
  await page.goto(`${sites.publisher.url}/publisher/`);
  const result = (await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('ready', { timeoutMs: 10_000 }))) as { uuid: string | null };
  // A second call: the frame names the device by the first-party copy (d_uuid), the cookie being blocked.
  await page.evaluate(async () => {
    const relay = (window as unknown as { audienceRelay: Relay }).audienceRelay;
    await relay('signals', { c_section: 'golf' });
    await relay('ready', { timeoutMs: 10_000 });
  });
  const uuid = result.uuid;
  expect(uuid).toMatch(/^\d{38}$/);
  expect(sites.dcs.requests().some((r) => r.path.includes(`d_uuid=${uuid}`))).toBe(true);
  const optOutUrls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/demoptout')) optOutUrls.push(request.url());
  });
  await page.evaluate(() => (window as unknown as { audienceRelay: Relay }).audienceRelay('optOut'));
  expect(optOutUrls.length).toBeGreaterThan(0);
  // At the DCS: that device is opted out (a later call naming it, as a server-to-server call
  // would, gets 171 and no data). Measured: not opted out, the opt-out call carried no device ID.
  const profile = sites.dcs.profiles().find((p) => p.uuid === uuid);
  const partners: readonly string[] = (profile as { optedOutPartners?: string[] } | undefined)?.optedOutPartners ?? [];
  expect(profile?.optedOut === true || partners.includes('acme')).toBe(true);
});
