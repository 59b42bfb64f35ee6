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
  const { code, port } = /** @type {NodeJS.ErrnoException & { port?: number }} */ (error);
  if (code === 'EADDRINUSE') {
    // Which of the three: a second `npm start` while the first still runs is the usual cause.
    const name = port === dcsPort ? 'DCS_PORT' : port === examplesPort ? 'EXAMPLES_PORT' : port === providerPort ? 'PROVIDER_PORT' : 'a port';
    console.error(`npm start: port ${port} (${name}) is in use: is another npm start (or mock-dcs) still running? Stop it, or set ${name === 'a port' ? 'DCS_PORT, EXAMPLES_PORT or PROVIDER_PORT' : name} to a free port.`);
  } else console.error(error);
  process.exit(1);
}
