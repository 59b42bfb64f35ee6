import type { Page, Request } from '@playwright/test';
import { DEMO_PROVIDER_DPID, demoConfig, startContentProvider, type ContentProvider, type MockDcs, type MockDcsConfig } from '@audience-relay/mock-dcs';
import { test as relayTest } from '@audience-relay/testing';
import { startExamplesServer } from '../examples/server.mjs';

export { expect } from '@audience-relay/testing';

export interface Sites {
  /** The DCS emulator (the testing kit's), on http://dcs.localhost:PORT. */
  dcs: MockDcs;
  /** The example pages, on http://publisher.localhost:PORT: another site than the DCS. */
  publisher: { url: string };
  /** The demo's real-time content provider (browsers reach it as provider.localhost). */
  provider: ContentProvider;
  /** The built-in demo config for these sites, content provider included. */
  demo(): MockDcsConfig;
}

/**
 * Our own e2e suite, on the testing kit (`@audience-relay/testing`): its mock DCS and
 * browser profiles, plus the example pages and the demo content provider. Each test starts
 * from the demo config with no profiles, requests or faults (the kit's reset first lets the
 * last test's page-hide beacons land: see `dcsQuiet`).
 */
export const test = relayTest.extend<{ sites: Sites }, { servers: Omit<Sites, 'dcs' | 'demo'> }>({
  servers: [
    async ({ dcs }, use) => {
      const provider = await startContentProvider({ dcsUrl: dcs.url, dpid: DEMO_PROVIDER_DPID });
      const publisher = await startExamplesServer({ dcsUrl: dcs.url });
      await use({ provider, publisher });
      await Promise.all([provider.close(), publisher.close()]);
    },
    { scope: 'worker' },
  ],
  sites: async ({ servers, dcs }, use) => {
    const demo = (): MockDcsConfig =>
      demoConfig([servers.publisher.url], { browserUrl: `http://provider.localhost:${servers.provider.port}`, serverUrl: servers.provider.url });
    dcs.setConfig(demo());
    servers.provider.setDelay(0);
    await use({ ...servers, dcs, demo });
  },
});

/** Every `/event` request the browser makes, with the frame that made it. */
export function recordEventCalls(page: Page): Request[] {
  const calls: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/event') calls.push(request);
  });
  return calls;
}
