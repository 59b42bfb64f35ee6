// my-pages.spec.ts
import { test, expect, diagnose, waitForHandshake, waitForSegments } from '@audience-relay/testing';

// Your pages, and the port of the DCS their snippet loads from (http://dcs.localhost:4100).
const site = process.env.SITE_URL ?? 'http://my-site.localhost:8080';
const dcsPort = Number(process.env.DCS_PORT ?? 4100);

test.use({
  // The mock DCS your pages point their snippet at: allow your pages' origin.
  dcsOptions: {
    port: dcsPort,
    config: {
      defaultPartner: 'acme',
      partners: {
        acme: {
          allowedOrigins: [new URL(site).origin],
          traits: [{ id: 1, rule: 'c_section == "sports"' }],
          segments: [{ id: 10, rule: '1T' }],
        },
      },
    },
  },
  browserProfile: 'blocked', // or 'allowed', 'partitioned'; leave out for the config's browser
});

test('sports pages get segment 10', async ({ page, dcs }) => {
  await page.goto(`${site}/sports/`);
  await waitForHandshake(page); // also sees a first call that went out during goto
  const result = await waitForSegments(page);
  expect(result.segments, (await diagnose(page)).summary).toContain('10');
  expect(dcs.requests()[0]?.signals.c_section).toEqual(['sports']);
});

test('a slow DCS still lets the page run', async ({ page, dcs }) => {
  dcs.injectFault({ latencyMs: 3000 });
  await page.goto(`${site}/sports/`);
  expect((await waitForSegments(page, { timeoutMs: 800 })).status).toBe('timeout');
});

test('a DCS that is down: ready says error, and why', async ({ page, dcs }) => {
  // count 2: the call, and the browser's own retry of a dropped connection.
  dcs.injectFault({ dropConnection: true, count: 2 });
  await page.goto(`${site}/sports/`);
  const result = await waitForSegments(page, { timeoutMs: 3000 });
  expect(result.status).toBe('error');
  expect(result.error?.code).toBe('DCS_ERROR');
});
