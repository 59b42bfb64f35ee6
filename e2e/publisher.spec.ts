import { demoConfig } from '@audience-relay/mock-dcs';
import { expect, recordEventCalls, test } from './fixtures';

test('the pasted tag shows the segments the DCS qualified, received through the cross-site frame', async ({ page, sites }) => {
  const calls = recordEventCalls(page);
  await page.goto(`${sites.publisher.url}/publisher/`);

  await expect(page.getByTestId('status')).toHaveText('fresh');
  // c_section=sports → trait 1001, p_age=23 → trait 1002; segments 5001 (1001T) and 5002 (1001T AND 1002T).
  await expect(page.getByTestId('segments')).toHaveText('5001, 5002');
  await expect(page.getByTestId('traits')).toHaveText('1001, 1002');
  await expect(page.getByTestId('uuid')).toHaveText(/^\d{38}$/);

  // One event call, made by the iframe on the DCS site, never by the page itself.
  expect(calls).toHaveLength(1);
  const call = calls[0]!;
  expect(call.frame()).not.toBe(page.mainFrame());
  expect(new URL(call.frame().url()).origin).toBe(sites.dcs.url);
  const query = new URL(call.url()).searchParams;
  expect(query.get('d_rtbd')).toBe('json');
  expect(query.get('d_cts')).toBe('2');
  expect(query.getAll('c_tag')).toEqual(['football', 'transfers']);

  // The snippet's tag script is async (a script element made by script is), next to the snippet.
  const tag = page.locator('script[src$="/audience-relay.js"]');
  expect(await tag.evaluate((s: HTMLScriptElement) => s.async && s.dataset.global)).toBe('audienceRelay');

  const frame = page.locator('iframe[title="audience-relay"]');
  await expect(frame).toHaveAttribute('sandbox', 'allow-scripts allow-same-origin');
  await expect(frame).toHaveAttribute('aria-hidden', 'true');
  // The first event call carries a private signal (p_age): it goes on the port after the
  // handshake, never in the frame URL's fragment, which stays in the page's DOM (the iframe's
  // src) and Resource Timing. (A first call without one is the boot call:
  // hostile-boot-fragment.spec.ts, main-thread.spec.ts.)
  const src = (await frame.getAttribute('src'))!;
  expect(src).toBe(`${sites.dcs.url}/frame.html`);
  // …and exactly one event call reached the DCS for this page view.
  expect(sites.dcs.requests()).toHaveLength(1);
});

test('segments are exactly those the DCS rules qualify: each AND, OR and NOT decides', async ({ page, sites }) => {
  // The page sends c_section=sports, c_tag=football,transfers, p_age=23.
  sites.dcs.setConfig({
    defaultPartner: 'acme',
    partners: {
      acme: {
        allowedOrigins: [sites.publisher.url],
        traits: [
          { id: 2001, rule: 'c_section == "sports" AND p_age < 25' }, // true
          { id: 2002, rule: 'c_section == "sports" AND c_tag == "golf"' }, // false (true if AND were OR)
          { id: 2003, rule: 'c_section == "politics" OR c_tag startswith "elect"' }, // false
          { id: 2004, rule: 'NOT c_tag == "transfers"' }, // false: one of the values is "transfers"
        ],
        segments: [
          { id: 6001, rule: '2001T' }, // yes
          { id: 6002, rule: '2001T AND 2003T' }, // no
          { id: 6003, rule: '2002T OR 2004T' }, // no
          { id: 6004, rule: '2001T AND NOT 2002T' }, // yes
        ],
      },
    },
  });
  await page.goto(`${sites.publisher.url}/publisher/`);
  await expect(page.getByTestId('status')).toHaveText('fresh');
  await expect(page.getByTestId('traits')).toHaveText('2001');
  await expect(page.getByTestId('segments')).toHaveText('6001, 6004');
});

test('the frame refuses a page whose origin the DCS does not allow, even when its CSP is not enforced', async ({ page, sites }) => {
  sites.dcs.setConfig({ ...demoConfig(['http://other-publisher.localhost:1']) });
  // Take away the frame-ancestors header, as an old browser would ignore it: the frame's
  // own origin check is then the only thing between this page and the DCS.
  await page.route(`${sites.dcs.url}/frame.html`, async (route) => {
    // Node cannot resolve *.localhost; fetch by address (the DCS then serves its default partner).
    const response = await route.fetch({ url: `http://127.0.0.1:${sites.dcs.port}/frame.html` });
    const headers = { ...response.headers() };
    delete headers['content-security-policy'];
    await route.fulfill({ response, headers });
  });
  const calls = recordEventCalls(page);
  const frameLoaded = page.waitForResponse(`${sites.dcs.url}/frame.html`);
  await page.goto(`${sites.publisher.url}/publisher/`);
  await frameLoaded;

  await expect(page.getByTestId('status')).toHaveText(/^timeout/);
  await expect(page.getByTestId('segments')).toHaveText('(none)');
  expect(calls).toHaveLength(0);
});

test('with the CSP in place, a non-allowed page cannot even embed the frame', async ({ page, sites }) => {
  sites.dcs.setConfig({ ...demoConfig(['http://other-publisher.localhost:1']) });
  const calls = recordEventCalls(page);
  await page.goto(`${sites.publisher.url}/publisher/`);
  await expect(page.getByTestId('status')).toHaveText(/^timeout/);
  expect(calls).toHaveLength(0);
});

