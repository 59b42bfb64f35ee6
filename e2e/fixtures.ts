import { test as base, expect, type Page, type Request } from '@playwright/test';
import { demoConfig, startMockDcs, type MockDcs } from '@audience-relay/mock-dcs';
import { startExamplesServer } from '../examples/server.mjs';

export interface Sites {
  /** The DCS emulator, on http://dcs.localhost:PORT. */
  dcs: MockDcs;
  /** The example pages, on http://publisher.localhost:PORT: another site than the DCS. */
  publisher: { url: string };
}

/**
 * Two sites per worker: the mock DCS and the example pages. Each test starts from the demo
 * config allowing the publisher origin, with no profiles.
 */
export const test = base.extend<{ sites: Sites }, { servers: Sites & { close(): Promise<void> } }>({
  servers: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dcs = await startMockDcs();
      const examples = await startExamplesServer({ dcsUrl: dcs.url });
      await use({ dcs, publisher: examples, close: async () => void (await Promise.all([dcs.close(), examples.close()])) });
      await Promise.all([dcs.close(), examples.close()]);
    },
    { scope: 'worker' },
  ],
  sites: async ({ servers }, use) => {
    servers.dcs.setConfig(demoConfig([servers.publisher.url]));
    servers.dcs.reset();
    await use({ dcs: servers.dcs, publisher: servers.publisher });
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
