import { test as base, expect, type Page, type Request } from '@playwright/test';
import {
  DEMO_PROVIDER_DPID,
  demoConfig,
  startContentProvider,
  startMockDcs,
  type ContentProvider,
  type MockDcs,
  type MockDcsConfig,
} from '@audience-relay/mock-dcs';
import { startExamplesServer } from '../examples/server.mjs';

export interface Sites {
  /** The DCS emulator, on http://dcs.localhost:PORT. */
  dcs: MockDcs;
  /** The example pages, on http://publisher.localhost:PORT: another site than the DCS. */
  publisher: { url: string };
  /** The demo's real-time content provider (browsers reach it as provider.localhost). */
  provider: ContentProvider;
  /** The built-in demo config for these sites, content provider included. */
  demo(): MockDcsConfig;
  /** Calls the DCS admin API (`/__admin/...`) from Node. */
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<unknown>;
}

/**
 * Two sites per worker: the mock DCS and the example pages. Each test starts from the demo
 * config allowing the publisher origin, with no profiles.
 */
export const test = base.extend<{ sites: Sites }, { servers: Omit<Sites, 'demo' | 'admin'> }>({
  servers: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dcs = await startMockDcs();
      const provider = await startContentProvider({ dcsUrl: dcs.url, dpid: DEMO_PROVIDER_DPID });
      const publisher = await startExamplesServer({ dcsUrl: dcs.url });
      await use({ dcs, provider, publisher });
      await Promise.all([dcs.close(), provider.close(), publisher.close()]);
    },
    { scope: 'worker' },
  ],
  sites: async ({ servers }, use) => {
    const demo = (): MockDcsConfig =>
      demoConfig([servers.publisher.url], { browserUrl: `http://provider.localhost:${servers.provider.port}`, serverUrl: servers.provider.url });
    servers.dcs.setConfig(demo());
    servers.dcs.reset();
    servers.provider.setDelay(0);
    const admin = async (path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> => {
      const res = await fetch(`http://127.0.0.1:${servers.dcs.port}/__admin${path}`, {
        method: init.method ?? 'GET',
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      return res.json();
    };
    await use({ ...servers, demo, admin });
  },
});

export { expect };

/** Every `/event` request the browser makes, with the frame that made it. */
export function recordEventCalls(page: Page): Request[] {
  const calls: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/event') calls.push(request);
  });
  return calls;
}
