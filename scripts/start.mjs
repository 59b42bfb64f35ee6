// `npm start`: the mock DCS on one site, the example pages on another, URLs printed.
// Ports: DCS_PORT (default 4100), EXAMPLES_PORT (default 4280) and PROVIDER_PORT (the demo
// content provider, default 4300: docs/content-providers.md calls it there).
import { DEMO_PROVIDER_DPID, demoConfig, startContentProvider, startMockDcs } from '@audience-relay/mock-dcs';
import { startExamplesServer } from '../examples/server.mjs';

const dcsPort = Number(process.env.DCS_PORT ?? 4100);
const examplesPort = Number(process.env.EXAMPLES_PORT ?? 4280);
const providerPort = Number(process.env.PROVIDER_PORT ?? 4300);
const publisherOrigin = `http://publisher.localhost:${examplesPort}`;

try {
  const dcs = await startMockDcs({
    config: demoConfig([publisherOrigin]),
    port: dcsPort,
    log: (line) => console.log(`  [dcs] ${line}`),
  });
  const provider = await startContentProvider({ dcsUrl: dcs.url, dpid: DEMO_PROVIDER_DPID, port: providerPort });
  dcs.setConfig(demoConfig([publisherOrigin], { browserUrl: `http://provider.localhost:${provider.port}`, serverUrl: provider.url }));
  const examples = await startExamplesServer({ dcsUrl: dcs.url, port: examplesPort, faultsEndWithPage: true });
  console.log(`
audience-relay demo is running.

  Publisher page    ${examples.url}/publisher/
  Consent (CMP)     ${examples.url}/consent/?cmp=late
  All examples      ${examples.url}/
  Two partners      ${examples.url}/ad-stack/two-partners.html   (acme and beta, one frame each)
  Mock DCS          ${dcs.url}/   (links the frame, the admin API and the request log)
  Content provider  http://provider.localhost:${provider.port}/   (real-time segments for the DCS; guide: docs/content-providers.md)

The pages and the DCS are on different sites (publisher.localhost vs dcs.localhost):
segments reach the page through the DCS's cross-site iframe. Ctrl+C stops.
`);
  const stop = () => Promise.all([dcs.close(), provider.close(), examples.close()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const busy = /** @type {NodeJS.ErrnoException} */ (error).code === 'EADDRINUSE';
  console.error(busy ? `A port is in use; set DCS_PORT / EXAMPLES_PORT / PROVIDER_PORT to free ones.` : error);
  process.exit(1);
}
